use super::*;

fn footer(stage: RetireStage) -> Vec<(&'static str, &'static str)> {
    keymap::hints(&RetireOld::default().bindings(false, stage))
}

#[test]
fn the_footer_names_what_ctrl_z_does_at_each_stage() {
    assert!(
        !footer(RetireStage::MarkInactive)
            .iter()
            .any(|(k, _)| *k == "^Z")
    );
    assert!(footer(RetireStage::Inactive).contains(&("^Z", "undo")));
    let undoing = footer(RetireStage::Reactivate);
    assert!(undoing.contains(&("^Z", "keep inactive")), "{undoing:?}");
    assert!(!undoing.contains(&("^Z", "undo")), "{undoing:?}");
}
