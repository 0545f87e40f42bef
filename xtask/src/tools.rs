//! Finds or installs the tools, pinned to the versions verified in
//! `../shared/TOOLCHAIN.md`, into `.tools/` (git-ignored).

use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const TRUNK_VERSION: &str = "0.21.14";
pub(crate) const BINARYEN_VERSION: &str = "132";
/// axe-core, the accessibility checker the test command runs in Chromium.
pub(crate) const AXE_VERSION: &str = "4.14.1";
/// scorm-again, a SCORM 1.2 and 2004 runtime: the LMS the package test plays.
pub(crate) const SCORM_AGAIN_VERSION: &str = "3.4.3";

/// Paths of the tools and the PATH that puts them first.
pub(crate) struct Tools {
    pub(crate) trunk: String,
    pub(crate) path: String,
    pub(crate) chromium: Option<String>,
    pub(crate) chromedriver: Option<String>,
    /// `axe.min.js` (browser tests only).
    pub(crate) axe: Option<PathBuf>,
    /// scorm-again's `dist` folder (browser tests only).
    pub(crate) scorm_again: Option<PathBuf>,
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn say(msg: &str) {
    println!("xtask: {msg}");
}

fn install(what: &str, minutes: &str, program: &str, args: &[&str]) -> Result<(), String> {
    say(&format!("installing {what} (about {minutes} on 2 cores; progress follows)"));
    let status = Command::new(program).args(args).status().map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("installing {what} failed: `{program} {}`", args.join(" ")))
    }
}

/// The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
fn locked_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version".into())
}

fn find_on_path(name: &str, path: &str) -> Option<String> {
    std::env::split_paths(path).map(|d| d.join(name)).find(|p| p.is_file()).map(|p| p.display().to_string())
}

/// Ensures every tool; with `browser`, Chromium and chromedriver too.
pub(crate) fn ensure(root: &Path, browser: bool) -> Result<Tools, String> {
    let dir = std::env::var_os("FAILOVER_TOOLS_DIR").map(PathBuf::from).unwrap_or_else(|| root.join(".tools"));
    let bin = dir.join("bin");
    let npm_bin = dir.join("npm").join("node_modules").join(".bin");
    let old_path = std::env::var("PATH").unwrap_or_default();
    let path = std::env::join_paths([bin.clone(), npm_bin.clone()].into_iter().chain(std::env::split_paths(&old_path)))
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned();
    let root_str = dir.display().to_string();

    // 1. The wasm target (RUSTUP_AUTO_INSTALL=0 here: ask for it explicitly).
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        install("the wasm32-unknown-unknown target", "1 min", "rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }

    // 2. trunk.
    let trunk_ok = |p: &str| output(p, &["--version"]).is_some_and(|v| v.ends_with(TRUNK_VERSION));
    let trunk = match [bin.join("trunk").display().to_string(), "trunk".to_string()].into_iter().find(|p| trunk_ok(p)) {
        Some(p) => p,
        None => {
            install(
                &format!("trunk {TRUNK_VERSION}"),
                "7 min",
                "cargo",
                &["install", "trunk", "--version", TRUNK_VERSION, "--locked", "--root", &root_str],
            )?;
            bin.join("trunk").display().to_string()
        }
    };

    // 3. wasm-bindgen CLI at exactly the locked version.
    if !root.join("Cargo.lock").exists() {
        let _ = Command::new("cargo").args(["generate-lockfile"]).current_dir(root).status();
    }
    let wb = locked_wasm_bindgen(root)?;
    let wb_ok = |p: &str| output(p, &["--version"]).is_some_and(|v| v.ends_with(&wb));
    let have_wb = [bin.join("wasm-bindgen").display().to_string()].iter().any(|p| wb_ok(p))
        || find_on_path("wasm-bindgen", &old_path)
            .is_some_and(|p| wb_ok(&p) && find_on_path("wasm-bindgen-test-runner", &old_path).is_some());
    if !have_wb {
        // Without --locked: the locked set names a crate version the registry lacks.
        install(
            &format!("wasm-bindgen-cli {wb}"),
            "4 min",
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &wb, "--root", &root_str],
        )?;
    }

    // 4. wasm-opt from npm (Debian's binaryen is too old for current rustc).
    let wasm_opt = npm_bin.join("wasm-opt").display().to_string();
    if !output(&wasm_opt, &["--version"]).is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}"))) {
        let prefix = dir.join("npm").display().to_string();
        std::fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {prefix}: {e}"))?;
        install(
            &format!("wasm-opt (npm binaryen@{BINARYEN_VERSION})"),
            "1 min",
            "npm",
            &["install", "--no-audit", "--no-fund", "--prefix", &prefix, &format!("binaryen@{BINARYEN_VERSION}")],
        )?;
    }

    let (mut chromium, mut chromedriver, mut axe, mut scorm_again) = (None, None, None, None);
    if browser {
        let find = |env: &str, names: &[&str]| {
            std::env::var(env)
                .ok()
                .filter(|p| Path::new(p).is_file())
                .or_else(|| names.iter().find_map(|n| find_on_path(n, &old_path)))
        };
        chromium = find("CHROME", &["chromium", "chromium-browser", "google-chrome"]);
        chromedriver = find("CHROMEDRIVER", &["chromedriver"]);
        if chromium.is_none() || chromedriver.is_none() {
            let debian = Path::new("/etc/debian_version").exists();
            let root_user = output("id", &["-u"]).as_deref() == Some("0");
            if !(debian && root_user) {
                return Err("Chromium and chromedriver are needed for the browser tests: install them \
                    (Debian/Ubuntu: `apt-get install chromium chromium-driver`) or point CHROME and CHROMEDRIVER at them"
                    .into());
            }
            install("Chromium and chromedriver with apt-get", "2 min", "apt-get", &["update", "-qq"])?;
            install(
                "Chromium and chromedriver with apt-get",
                "2 min",
                "apt-get",
                // Only what the browser tests need: no recommended packages
                // (they pulled systemd and perl upgrades, avahi and udev), plus
                // a font so screenshots have text.
                &[
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver",
                    "fonts-dejavu-core",
                ],
            )?;
            chromium = find("CHROME", &["chromium"]);
            chromedriver = find("CHROMEDRIVER", &["chromedriver"]);
        }
        if chromium.is_none() || chromedriver.is_none() {
            return Err("Chromium or chromedriver still missing after installing".into());
        }
        let axe_dir = dir.join("npm").join("node_modules").join("axe-core");
        let axe_version = std::fs::read_to_string(axe_dir.join("package.json")).unwrap_or_default();
        if !axe_version.contains(&format!("\"version\": \"{AXE_VERSION}\"")) {
            let prefix = dir.join("npm").display().to_string();
            install(
                &format!("axe-core {AXE_VERSION} (npm)"),
                "a few seconds",
                "npm",
                &["install", "--no-audit", "--no-fund", "--prefix", &prefix, &format!("axe-core@{AXE_VERSION}")],
            )?;
        }
        axe = Some(axe_dir.join("axe.min.js"));
        let sa_dir = dir.join("npm").join("node_modules").join("scorm-again");
        let sa_version = std::fs::read_to_string(sa_dir.join("package.json")).unwrap_or_default();
        if !sa_version.contains(&format!("\"version\": \"{SCORM_AGAIN_VERSION}\"")) {
            let prefix = dir.join("npm").display().to_string();
            install(
                &format!("scorm-again {SCORM_AGAIN_VERSION} (npm)"),
                "10 s",
                "npm",
                &[
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    &prefix,
                    &format!("scorm-again@{SCORM_AGAIN_VERSION}"),
                ],
            )?;
        }
        scorm_again = Some(sa_dir.join("dist"));
    }
    Ok(Tools { trunk, path, chromium, chromedriver, axe, scorm_again })
}
