use super::*;
use crate::app::steps::keys::Phase;

#[test]
fn the_hand_off_phase_never_prints_the_private_key() {
    let phase = Phase::HandOff(HandOff::new(
        KeyPair::new("PUBLICKEY123", "CANARY-PRIVATE-0003"),
        "./k.toml",
    ));
    let printed = format!("{phase:?}");
    assert!(printed.contains("PUBLICKEY123"), "{printed}");
    assert!(!printed.contains("CANARY-PRIVATE"), "{printed}");
}
