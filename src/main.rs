fn main() -> std::process::ExitCode {
    cw_onboard::cli::main()
}
