//! SCORM packages of the release page: a zip with an `imsmanifest.xml`
//! (SCORM 1.2, or SCORM 2004 4th edition) and every file the page needs,
//! launching the page on one scenario in guided mode. The zip is written by
//! hand (stored, no compression: the wasm is already small and xtask takes no
//! dependencies), and read back by the package test.

use std::path::{Path, PathBuf};

/// SCORM versions a package can be built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    Scorm12,
    Scorm2004,
}

impl Version {
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Version::Scorm12 => "scorm12",
            Version::Scorm2004 => "scorm2004",
        }
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *slot = c;
    }
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

/// A zip of `(name, bytes)` entries, stored.
pub(crate) fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        // Local file header.
        le32(&mut out, 0x0403_4b50);
        for x in [20u16, 0, 0, 0, 0x21] {
            le16(&mut out, x); // version, flags, method (stored), time, date
        }
        le32(&mut out, crc);
        le32(&mut out, size);
        le32(&mut out, size);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory entry.
        le32(&mut central, 0x0201_4b50);
        for x in [20u16, 20, 0, 0, 0, 0x21] {
            le16(&mut central, x);
        }
        le32(&mut central, crc);
        le32(&mut central, size);
        le32(&mut central, size);
        le16(&mut central, name.len() as u16);
        for x in [0u16, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, cd_size);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

/// The entries of a stored zip (what `zip` writes), checked against their CRC.
pub(crate) fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let u16_at = |i: usize| bytes.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |i: usize| bytes.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut out = Vec::new();
    let mut i = 0;
    while u32_at(i) == Some(0x0403_4b50) {
        let crc = u32_at(i + 14).ok_or("truncated")?;
        let size = u32_at(i + 18).ok_or("truncated")? as usize;
        let name_len = u16_at(i + 26).ok_or("truncated")? as usize;
        let extra = u16_at(i + 28).ok_or("truncated")? as usize;
        let name_start = i + 30;
        let data_start = name_start + name_len + extra;
        let name = String::from_utf8(bytes.get(name_start..name_start + name_len).ok_or("truncated")?.to_vec())
            .map_err(|_| "a name is not UTF-8")?;
        let data = bytes.get(data_start..data_start + size).ok_or("truncated")?.to_vec();
        if crc32(&data) != crc {
            return Err(format!("{name}: CRC mismatch"));
        }
        out.push((name, data));
        i = data_start + size;
    }
    Ok(out)
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The manifest: one organization, one item, one SCO launching `launch`,
/// and every file of the package.
pub(crate) fn manifest(version: Version, id: &str, title: &str, launch: &str, files: &[String], pass: u32) -> String {
    let files_xml: String = files.iter().map(|f| format!("      <file href=\"{}\"/>\n", xml(f))).collect();
    // The launch page is a file of the package; its settings go in the
    // item's `parameters`, which the LMS appends (validators check `href`
    // against the file list, and players may add their own query).
    let (page, query) = launch.split_once('?').map_or((launch, ""), |(p, q)| (p, q));
    let (t, l) = (xml(title), xml(page));
    let params = if query.is_empty() { String::new() } else { format!(" parameters=\"?{}\"", xml(query)) };
    match version {
        Version::Scorm12 => format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{id}-org">
    <organization identifier="{id}-org">
      <title>{t}</title>
      <item identifier="{id}-item" identifierref="{id}-sco" isvisible="true"{params}>
        <title>{t}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{id}-sco" type="webcontent" adlcp:scormtype="sco" href="{l}">
{files_xml}    </resource>
  </resources>
</manifest>
"#,
            mastery = pass
        ),
        Version::Scorm2004 => format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="{id}-org">
    <organization identifier="{id}-org">
      <title>{t}</title>
      <item identifier="{id}-item" identifierref="{id}-sco"{params}>
        <title>{t}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="{id}-passed" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure:.2}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{id}-sco" type="webcontent" adlcp:scormType="sco" href="{l}">
{files_xml}    </resource>
  </resources>
</manifest>
"#,
            measure = f64::from(pass) / 100.0
        ),
    }
}

/// Every file of `dir` (relative names, `/`-separated, sorted).
pub(crate) fn files_of(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).map_err(|e| e.to_string())?.to_string_lossy().replace('\\', "/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Builds both packages of `dist/` for `scenario` (a built-in's name, or the
/// text of a scenario file) into `out_dir`; returns their paths.
pub(crate) fn package(
    dist: &Path,
    out_dir: &Path,
    name: &str,
    title: &str,
    scenario_param: &str,
    pass_percent: u32,
) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(out_dir).map_err(|e| e.to_string())?;
    let files: Vec<(String, PathBuf)> =
        files_of(dist)?.into_iter().filter(|(rel, _)| !rel.ends_with("embed-example.html")).collect();
    let names: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
    let mut made = Vec::new();
    for version in [Version::Scorm12, Version::Scorm2004] {
        let launch = format!(
            "index.html?scenario={}&guide=1&scorm={}&pass={pass_percent}",
            crate::encode_query_value(scenario_param),
            version.slug()
        );
        let id = format!("pool-failover-{name}-{}", version.slug());
        let mut entries = vec![(
            "imsmanifest.xml".to_string(),
            manifest(version, &id, title, &launch, &names, pass_percent).into_bytes(),
        )];
        for (rel, path) in &files {
            entries.push((rel.clone(), std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?));
        }
        let file = out_dir.join(format!("{id}.zip"));
        std::fs::write(&file, zip(&entries)).map_err(|e| format!("{}: {e}", file.display()))?;
        made.push(file);
    }
    Ok(made)
}

/// Checks a manifest's required elements and that every file it names is in
/// the package (and the launch page too). Err lists what is wrong.
pub(crate) fn check_manifest(entries: &[(String, Vec<u8>)]) -> Result<String, String> {
    let manifest = entries
        .iter()
        .find(|(n, _)| n == "imsmanifest.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .ok_or("no imsmanifest.xml at the root")?;
    let mut problems = Vec::new();
    for needle in [
        "<manifest identifier=",
        "<organizations default=",
        "<organization identifier=",
        "<item identifier=",
        "identifierref=",
        "<resource identifier=",
        "<schema>ADL SCORM</schema>",
        "<schemaversion>",
    ] {
        if !manifest.contains(needle) {
            problems.push(format!("missing {needle}"));
        }
    }
    let attr = |text: &str, name: &str| -> Vec<String> {
        text.split(&format!("{name}=\""))
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(|s| s.replace("&amp;", "&"))
            .collect()
    };
    let page = manifest
        .split("<resource ")
        .nth(1)
        .and_then(|r| attr(r.split('>').next().unwrap_or_default(), "href").into_iter().next())
        .ok_or("the resource has no href")?;
    let parameters = manifest
        .split("<item ")
        .nth(1)
        .and_then(|i| attr(i.split('>').next().unwrap_or_default(), "parameters").into_iter().next())
        .unwrap_or_default();
    let launch = format!("{page}{parameters}");
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let page = page.as_str();
    if page.contains('?') {
        problems.push(format!("the launch href {page} is not a file name: settings go in the item's parameters"));
    }
    if !names.contains(&page) {
        problems.push(format!("the launch page {page} is not in the package"));
    }
    for f in manifest.split("<file ").skip(1).filter_map(|f| attr(f, "href").into_iter().next()) {
        if !names.contains(&f.as_str()) {
            problems.push(format!("{f} is listed but not in the package"));
        }
    }
    if problems.is_empty() {
        Ok(launch)
    } else {
        Err(problems.join("; "))
    }
}

/// Base64url without padding (the page's compact scenario form, `b64:`):
/// the one base64 of xtask (`sha256::base64`) in the URL alphabet.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    crate::sha256::base64(bytes)
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_is_the_url_alphabet_without_padding() {
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url(b"abc"), "YWJj");
    }

    #[test]
    fn zips_read_back() {
        let entries = vec![("a.txt".to_string(), b"hello".to_vec()), ("dir/b.bin".to_string(), vec![0, 1, 2, 255])];
        assert_eq!(unzip(&zip(&entries)).unwrap(), entries);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "the standard check value");
    }

    #[test]
    fn manifests_name_every_file_and_the_launch() {
        for version in [Version::Scorm12, Version::Scorm2004] {
            let m =
                manifest(version, "x", "A & B", "index.html?scenario=working-day&guide=1", &["index.html".into()], 80);
            let entries =
                vec![("imsmanifest.xml".to_string(), m.into_bytes()), ("index.html".to_string(), b"<html>".to_vec())];
            assert_eq!(check_manifest(&entries).unwrap(), "index.html?scenario=working-day&guide=1");
            let text = String::from_utf8_lossy(&entries[0].1).into_owned();
            assert!(text.contains("href=\"index.html\">"), "the launch href is the file itself");
            assert!(text.contains("parameters=\"?scenario=working-day&amp;guide=1\""), "{text}");
            if version == Version::Scorm2004 {
                assert!(text.contains("<imsss:minNormalizedMeasure>0.80</imsss:minNormalizedMeasure>"), "{text}");
            }
            let missing = vec![entries[0].clone()];
            assert!(check_manifest(&missing).unwrap_err().contains("not in the package"));
        }
    }
}
