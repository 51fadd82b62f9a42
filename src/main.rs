use clap::Parser;
use docket::cli::{self, Cli};

fn main() {
    let cli = Cli::parse();
    if let Some(command) = &cli.command {
        std::process::exit(cli::run(&cli, command));
    }
    let db = if cli.demo {
        let path = cli.db.clone().unwrap_or_else(cli::demo_db);
        if let Err(e) = cli::ensure_demo(&path) {
            eprintln!("docket: {e}");
            std::process::exit(1);
        }
        path
    } else {
        cli.db.clone().unwrap_or_else(cli::default_db)
    };
    if let Err(e) = docket::ui::run_app(db, cli.user.clone(), cli.lang.clone()) {
        eprintln!("docket: {e}");
        std::process::exit(1);
    }
}
