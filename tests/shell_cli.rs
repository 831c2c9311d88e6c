//! `completions` and `man`: the scripts load in their shell and the man page is roff.

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(args)
        .output()
        .expect("run the binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
    )
}

#[test]
fn bash_completion_registers_the_command() {
    let script = format!(
        "source <('{}' completions bash) && complete -p cw-onboard",
        env!("CARGO_BIN_EXE_cw-onboard")
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .output();
    let Ok(out) = out else {
        eprintln!("no bash here: skipped");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("cw-onboard"));
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out) = cli(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for word in ["templates", "verify", "state-dir"] {
            assert!(out.contains(word), "{shell} script lacks {word}");
        }
    }
    let (code, _) = cli(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_page_is_roff_with_a_title_header() {
    let (code, out) = cli(&["man"]);
    assert_eq!(code, 0);
    let first_th = out.lines().find(|l| l.starts_with(".TH"));
    assert!(first_th.is_some_and(|l| l.contains("cw-onboard")), "{out}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(out.contains(section), "man page lacks {section}");
    }
    assert!(out.contains("completions"));
}
