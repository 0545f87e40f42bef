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

/// Where the tools go: `.tools/` unless `FAILOVER_TOOLS_DIR` says otherwise.
fn tools_dir(root: &Path) -> PathBuf {
    std::env::var_os("FAILOVER_TOOLS_DIR").map(PathBuf::from).unwrap_or_else(|| root.join(".tools"))
}

/// The tools built from source with cargo (trunk and the wasm-bindgen CLI),
/// building in the background while other work goes on.
/// The wasm-bindgen CLI is built first: the browser tests need only it, so
/// they can run while trunk (needed by the release build) still builds.
pub(crate) struct Builds {
    trunk: String,
    wasm_bindgen: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
    handle: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Builds {
    /// Waits for the wasm-bindgen CLI (and its test runner).
    pub(crate) fn wait_wasm_bindgen(&mut self) -> Result<(), String> {
        match self.wasm_bindgen.take() {
            Some(rx) => rx.recv().unwrap_or_else(|_| Err("the tool build thread stopped".into())),
            None => Ok(()),
        }
    }

    /// Waits for every build; the trunk to use.
    pub(crate) fn wait(mut self) -> Result<String, String> {
        self.wait_wasm_bindgen()?;
        if let Some(handle) = self.handle {
            handle.join().map_err(|_| "the tool build thread panicked".to_string())??;
        }
        Ok(self.trunk)
    }
}

/// `cargo install` for a tool: a tool, not the product, so it is built
/// without optimisation, link-time optimisation or debug info, with
/// parallel code generation (the profile trunk ships asks for fat LTO and
/// one codegen unit, which cost minutes on two cores), into one target
/// folder both tools share. Measured (BENCHMARKS.md): trunk 144 s instead of
/// 431 s, the wasm-bindgen CLI 52 s instead of 132 s; a release build takes
/// as long with either trunk (cargo and wasm-opt do the work), and
/// wasm-bindgen takes 3.4 s instead of 1.0 s on the 67 MB test binary. Output goes to `log`, so it does not interleave with the
/// checks running meanwhile.
fn cargo_install(what: &str, args: &[&str], dir: &Path, log: &Path) -> Result<(), String> {
    let started = std::time::Instant::now();
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let target = dir.join("build").display().to_string();
    let root = dir.display().to_string();
    let status = Command::new("cargo")
        .arg("install")
        .args(args)
        .args(["--root", &root, "--target-dir", &target])
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false")
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        say(&format!("{what} built in {:.0} s", started.elapsed().as_secs_f64()));
        Ok(())
    } else {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!("installing {what} failed (log: {}):\n{}", log.display(), tail.join("\n")))
    }
}

/// Starts building trunk and the wasm-bindgen CLI (at exactly the version
/// Cargo.lock pins) if they are missing; returns at once.
pub(crate) fn start_builds(root: &Path) -> Result<Builds, String> {
    let dir = tools_dir(root);
    let bin = dir.join("bin");
    let old_path = std::env::var("PATH").unwrap_or_default();
    let trunk_ok = |p: &str| output(p, &["--version"]).is_some_and(|v| v.ends_with(TRUNK_VERSION));
    let own_trunk = bin.join("trunk").display().to_string();
    let found_trunk = [own_trunk.clone(), "trunk".to_string()].into_iter().find(|p| trunk_ok(p));
    if !root.join("Cargo.lock").exists() {
        let _ = Command::new("cargo").args(["generate-lockfile"]).current_dir(root).status();
    }
    let wb = locked_wasm_bindgen(root)?;
    let wb_ok = |p: &str| output(p, &["--version"]).is_some_and(|v| v.ends_with(&wb));
    let have_wb = wb_ok(&bin.join("wasm-bindgen").display().to_string())
        || find_on_path("wasm-bindgen", &old_path)
            .is_some_and(|p| wb_ok(&p) && find_on_path("wasm-bindgen-test-runner", &old_path).is_some());
    let need_trunk = found_trunk.is_none();
    let trunk = found_trunk.unwrap_or(own_trunk);
    if !need_trunk && have_wb {
        return Ok(Builds { trunk, wasm_bindgen: None, handle: None });
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let log = dir.join("install.log");
    say(&format!(
        "building {} from source in the background (about 3 min on 2 cores; log: {})",
        [need_trunk.then_some("trunk"), (!have_wb).then_some("the wasm-bindgen CLI")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and "),
        log.display()
    ));
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let built = if have_wb {
            Ok(())
        } else {
            // Without --locked: the locked set names a crate version the registry lacks.
            cargo_install(&format!("wasm-bindgen-cli {wb}"), &["wasm-bindgen-cli", "--version", &wb], &dir, &log)
        };
        let _ = tx.send(built.clone());
        built?;
        if need_trunk {
            // Offline trunk needs no TLS and no update check.
            let args = ["trunk", "--version", TRUNK_VERSION, "--locked", "--no-default-features"];
            cargo_install(&format!("trunk {TRUNK_VERSION}"), &args, &dir, &log)?;
        }
        Ok(())
    });
    Ok(Builds { trunk, wasm_bindgen: Some(rx), handle: Some(handle) })
}

/// Ensures every tool; with `browser`, Chromium and chromedriver too.
pub(crate) fn ensure(root: &Path, browser: bool) -> Result<Tools, String> {
    let builds = start_builds(root)?;
    let tools = prepare(root, browser);
    let trunk = builds.wait()?;
    Ok(Tools { trunk, ..tools? })
}

/// Everything but the cargo-built tools: the wasm target, wasm-opt, and for
/// browser tests Chromium, chromedriver, axe-core and scorm-again. Quick, or
/// waiting on the network and apt, so it runs while the tools build.
/// The wasm target (quick; the wasm32 checks need it first).
pub(crate) fn ensure_target() -> Result<(), String> {
    // RUSTUP_AUTO_INSTALL=0 here: ask for it explicitly.
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        install("the wasm32-unknown-unknown target", "1 min", "rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    Ok(())
}

/// The PATH that puts the tools first.
pub(crate) fn path(root: &Path) -> Result<String, String> {
    let dir = tools_dir(root);
    let old_path = std::env::var("PATH").unwrap_or_default();
    let own = [dir.join("bin"), dir.join("npm").join("node_modules").join(".bin")];
    Ok(std::env::join_paths(own.into_iter().chain(std::env::split_paths(&old_path)))
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned())
}

pub(crate) fn prepare(root: &Path, browser: bool) -> Result<Tools, String> {
    let dir = tools_dir(root);
    let bin = dir.join("bin");
    let npm_bin = dir.join("npm").join("node_modules").join(".bin");
    let old_path = std::env::var("PATH").unwrap_or_default();
    let path = std::env::join_paths([bin.clone(), npm_bin.clone()].into_iter().chain(std::env::split_paths(&old_path)))
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned();

    ensure_target()?;

    // wasm-opt from npm (Debian's binaryen is too old for current rustc).
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
    Ok(Tools { trunk: bin.join("trunk").display().to_string(), path, chromium, chromedriver, axe, scorm_again })
}
