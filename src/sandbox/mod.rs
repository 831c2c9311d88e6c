//! The simulated ConnectWise instance.
