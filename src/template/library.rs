//! The templates: the ones compiled into the binary, plus any in the config dir (a user file
//! with a built-in id overrides it).

use super::model::Template;
use super::parse::{Problem, parse_template};
use std::path::{Path, PathBuf};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name, ".toml")))),*]
    };
}

/// Every shipped template: (id, TOML text).
pub static BUILTIN: &[(&str, &str)] = builtin!(
    "axcient",
    "binoxmsp",
    "bitdefender-gravityzone",
    "chatstyle",
    "cisco-umbrella",
    "cloudradial-chat",
    "commvault",
    "connectbooster",
    "crushbank",
    "cw-kanban",
    "cyberdrain-cow",
    "cyrisma",
    "datto-partner-portal",
    "gozynta-mapper",
    "gradient",
    "hudu",
    "immybot",
    "ingram-micro-cloudblue",
    "kaseya-quote-manager",
    "lastpass",
    "lifecycle-insights",
    "manageengine-endpoint-central-msp",
    "msp360",
    "mspcfo",
    "n-able-n-central",
    "ninjaone",
    "password-boss",
    "propel",
    "read-only-assistant",
    "rewst",
    "smileback",
    "thread",
    "timesanity",
    "timezest",
    "turbodocx",
    "visionary360-accounting-sync",
    "visionary360-mass-maintenance",
);

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("built-in template {id} is broken: {problems}")]
    Builtin { id: String, problems: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    templates: Vec<Template>,
    /// Ids a user file overrides.
    overridden: Vec<String>,
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Library {
    pub fn builtin() -> Result<Library, TemplateError> {
        let mut templates = Vec::new();
        for (id, text) in BUILTIN {
            let t = parse_template(text, "built-in").map_err(|p| TemplateError::Builtin {
                id: id.to_string(),
                problems: join(&p),
            })?;
            templates.push(t);
        }
        templates.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Library {
            templates,
            overridden: Vec::new(),
        })
    }

    /// The config dir's `templates/` folder (or the default config dir's).
    pub fn user_dir(config_dir: Option<&Path>) -> Option<PathBuf> {
        match config_dir {
            Some(dir) => Some(dir.join("templates")),
            None => directories::ProjectDirs::from("", "", "cw-onboard")
                .map(|d| d.config_dir().join("templates")),
        }
    }

    /// Built-in templates plus the user's (from `<config dir>/templates/*.toml`). A broken user file is a warning (with its problems),
    /// not a failure: the others still load.
    pub fn load(config_dir: Option<&Path>) -> Result<(Library, Vec<String>), TemplateError> {
        let mut library = Library::builtin()?;
        let mut warnings = Vec::new();
        let Some(dir) = Library::user_dir(config_dir) else {
            return Ok((library, warnings));
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            // `--config-dir DIR` with the templates put in DIR itself: say where they go.
            if let Some(given) = config_dir
                && has_toml(given)
            {
                warnings.push(format!(
                    "{} has .toml files, but templates are read from {}: move them there",
                    given.display(),
                    dir.display()
                ));
            }
            return Ok((library, warnings));
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                path: path.clone(),
                source,
            })?;
            match parse_template(&text, &path.display().to_string()) {
                Ok(t) => library.add(t),
                Err(problems) => warnings.push(format!(
                    "skipped {}: {} (check it with `cw-onboard templates check {}`)",
                    path.display(),
                    join(&problems),
                    path.display()
                )),
            }
        }
        Ok((library, warnings))
    }

    /// Adds a template, replacing one with the same id.
    pub fn add(&mut self, template: Template) {
        if let Some(pos) = self.templates.iter().position(|t| t.id == template.id) {
            self.overridden.push(template.id.clone());
            self.templates[pos] = template;
        } else {
            self.templates.push(template);
            self.templates.sort_by(|a, b| a.id.cmp(&b.id));
        }
    }

    pub fn all(&self) -> &[Template] {
        &self.templates
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates
            .iter()
            .find(|t| t.id == id.trim().to_lowercase())
    }

    pub fn is_overridden(&self, id: &str) -> bool {
        self.overridden.iter().any(|o| o == id)
    }

    /// Why `id` is refused, every front-end alike: the nearest ids first ("did you mean"), and
    /// where the whole list is, rather than all of it.
    pub fn no_such_template(&self, id: &str) -> String {
        let nearest = self.nearest_ids(id);
        let list = format!(
            "`cw-onboard templates list` shows all {}",
            self.templates.len()
        );
        match nearest.first() {
            Some(best) => format!(
                "There is no template {id}. Did you mean {best}? (nearest ids: {}; {list}.)",
                nearest.join(", ")
            ),
            None => format!("There is no template {id}; {list}."),
        }
    }

    /// Ids close to `id`, for "did you mean".
    pub fn nearest_ids(&self, id: &str) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .templates
            .iter()
            .map(|t| (strsim::jaro_winkler(id, &t.id), t.id.as_str()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

/// Whether `dir` holds any `.toml` file.
fn has_toml(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    })
}
