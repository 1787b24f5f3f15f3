//! Shards: one run cut into N independent tasks for a scheduler (a Slurm job array, Spark, GNU
//! parallel), whose outputs [`crate::merge`] turns into exactly the files one run writes.
//!
//! What the big batch tools teach, and what this module does about it:
//! - **A fixed plan.** Which inputs a shard reads depends only on the sorted inputs (their
//!   paths and sizes) and N, never on listing storage inside a task or on which task ran first.
//!   The plan is a list of *units* in reading order: whole files, and record-aligned byte ranges
//!   of large uncompressed JSON Lines files (one 100 GB dump feeds many shards; a gzip stream
//!   can only be read from its start, so a `.gz` file is one unit).
//! - **Balanced by bytes**, not by file count: the inputs are laid end to end and shard `i`
//!   takes the units that fall in the `i`-th N-th of the bytes (a large file is cut where the
//!   N-ths fall; a unit goes to the shard holding its middle byte).
//! - **Contiguous shards.** Shard `i` gets a run of consecutive units, so the shards' rows
//!   concatenated in shard order are the rows of one run, in its order: a merge is a
//!   concatenation, not a sort. Line numbers (and so `source` and derived article ids) are
//!   counted in the whole file, so they never depend on the sharding.
//! - **A completion marker written last.** A shard writes its corpus files (each under a
//!   temporary name, renamed when complete) and then `_SUCCESS`, which records the version, the
//!   plan's fingerprint and the configuration (gazetteer content, langs, flags that change the
//!   output) and the size of every file written. A rerun of a finished shard (a Slurm requeue, a
//!   Spark retry, a resubmitted array) finds a valid marker and does nothing; a marker of another
//!   configuration is refused, because a changed task count or gazetteer would silently mix two
//!   corpora.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::gazetteer::BUILTIN_TSV;
use crate::input::{expand_inputs, ByteRange, InputFile, InputFormat, ReadUnit};
use crate::output::AtomicFile;
use crate::pipeline::{run_units_and, Context, DirAccess, RunConfig, Summary, OUTPUT_FILES};

/// The name of the completion marker in a shard's directory.
pub const MARKER: &str = "_SUCCESS";

/// A JSON Lines file is cut only into pieces of at least this many bytes, so that many shards
/// over small files do not each open every file.
pub const MIN_PIECE: u64 = 64 << 10;

/// Shard `index` of `count` (0 <= index < count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: usize,
    pub count: usize,
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl ShardSpec {
    /// Parses `I/N`.
    pub fn parse(text: &str) -> Result<ShardSpec> {
        let usage =
            |why: &str| Error::Usage(format!("--shard takes I/N or auto (got {text:?}): {why}"));
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| usage("no '/' between I and N"))?;
        let index: usize = index
            .trim()
            .parse()
            .map_err(|_| usage("I is not a number"))?;
        let count: usize = count
            .trim()
            .parse()
            .map_err(|_| usage("N is not a number"))?;
        if count == 0 {
            return Err(usage("N must be at least 1"));
        }
        if index >= count {
            return Err(usage("I counts from 0 and must be less than N"));
        }
        Ok(ShardSpec { index, count })
    }

    /// The shard that `--shard auto` means in an environment (`get` reads a variable), and how
    /// it was found, for the log line.
    ///
    /// `ARTNORM_SHARD=I/N` wins. Otherwise a Slurm job array: a full array of any start and
    /// step (`--array=0-15`, `1-16`, `0-30:2`) maps task `MIN + k*STEP` to shard `k` of
    /// `COUNT`; for a resubmission of some shards (`--array=3,7,12-15`, as `artnorm status`
    /// prints them), `ARTNORM_SHARDS=N` says the total and the task ids are the shard indices.
    pub fn from_env(get: &dyn Fn(&str) -> Option<String>) -> Result<(ShardSpec, String)> {
        if let Some(value) = get("ARTNORM_SHARD") {
            let spec = ShardSpec::parse(&value)?;
            return Ok((spec, format!("ARTNORM_SHARD={value}")));
        }
        let Some(task) = get("SLURM_ARRAY_TASK_ID") else {
            return Err(Error::Usage(
                "--shard auto found neither a Slurm job array (SLURM_ARRAY_TASK_ID) nor \
                 ARTNORM_SHARD=I/N in the environment"
                    .to_owned(),
            ));
        };
        let number = |name: &str, value: &str| -> Result<usize> {
            value.trim().parse().map_err(|_| {
                Error::Usage(format!("--shard auto: {name}={value:?} is not a number"))
            })
        };
        let id = number("SLURM_ARRAY_TASK_ID", &task)?;
        if let Some(total) = get("ARTNORM_SHARDS") {
            let count = number("ARTNORM_SHARDS", &total)?;
            let spec = ShardSpec::parse(&format!("{id}/{count}"))?;
            return Ok((
                spec,
                format!("SLURM_ARRAY_TASK_ID={id} with ARTNORM_SHARDS={count}"),
            ));
        }
        let read = |name: &str| -> Result<Option<usize>> {
            get(name).map(|value| number(name, &value)).transpose()
        };
        let missing = |name: &str| {
            Error::Usage(format!(
                "--shard auto: SLURM_ARRAY_TASK_ID is set but {name} is not"
            ))
        };
        let min = read("SLURM_ARRAY_TASK_MIN")?.ok_or_else(|| missing("SLURM_ARRAY_TASK_MIN"))?;
        let max = read("SLURM_ARRAY_TASK_MAX")?.ok_or_else(|| missing("SLURM_ARRAY_TASK_MAX"))?;
        let step = read("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
        let range_count = max.saturating_sub(min) / step + 1;
        let count = read("SLURM_ARRAY_TASK_COUNT")?.unwrap_or(range_count);
        let how =
            format!("SLURM_ARRAY_TASK_ID={id} in the array {min}-{max}:{step} of {count} tasks");
        if count != range_count || id < min || id > max || (id - min) % step != 0 {
            return Err(Error::Usage(format!(
                "--shard auto: {how} is not one regular range, so the shard cannot be told from \
                 the task id; for a resubmission of some shards set ARTNORM_SHARDS=N (the task \
                 ids are then the shard indices)"
            )));
        }
        let spec = ShardSpec {
            index: (id - min) / step,
            count,
        };
        Ok((spec, how))
    }
}

/// One unit of the plan: a file (whole when `range` is `None`) and the shard that reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanUnit {
    /// Index into [`Plan::files`].
    pub file: usize,
    pub range: Option<ByteRange>,
    pub shard: usize,
}

/// Which shard reads what, for the sorted inputs and a shard count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub shards: usize,
    pub files: Vec<InputFile>,
    /// The size of each file in bytes (0 when it cannot be read: it is then one unit, which
    /// reports the problem).
    pub sizes: Vec<u64>,
    /// In reading order; the shards of consecutive units never decrease.
    pub units: Vec<PlanUnit>,
}

impl Plan {
    /// The plan for `files` (as [`expand_inputs`] lists them), with their sizes from the file
    /// system.
    pub fn for_files(files: Vec<InputFile>, shards: usize) -> Plan {
        let sizes = files
            .iter()
            .map(|file| match (&file.path, &file.problem) {
                (Some(path), None) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                _ => 0,
            })
            .collect();
        Plan::new(files, sizes, shards)
    }

    /// The plan for files of the given sizes: pure, so that every shard computes the same one.
    pub fn new(files: Vec<InputFile>, sizes: Vec<u64>, shards: usize) -> Plan {
        let shards = shards.max(1);
        let total: u64 = sizes.iter().sum();
        // the shard whose N-th of the bytes holds global offset `x`
        let shard_at = |x: u64| -> usize {
            if total == 0 {
                return 0;
            }
            let shard = u128::from(x) * shards as u128 / u128::from(total);
            (shard as usize).min(shards - 1)
        };
        // the first global offset of shard `k`
        let boundary =
            |k: usize| -> u64 { ((k as u128 * u128::from(total)).div_ceil(shards as u128)) as u64 };
        let mut units = Vec::new();
        let mut offset = 0u64;
        for (index, (file, &size)) in files.iter().zip(&sizes).enumerate() {
            let end = offset + size;
            let mut cuts: Vec<u64> = Vec::new();
            if splittable(file) && size >= 2 * MIN_PIECE {
                let mut last = offset;
                for k in shard_at(offset) + 1..shards {
                    let cut = boundary(k);
                    if cut >= end {
                        break;
                    }
                    if cut - last >= MIN_PIECE && end - cut >= MIN_PIECE {
                        cuts.push(cut);
                        last = cut;
                    }
                }
            }
            if cuts.is_empty() {
                units.push(PlanUnit {
                    file: index,
                    range: None,
                    shard: shard_at(offset + size / 2),
                });
            } else {
                let mut start = offset;
                // a piece goes, like a whole file, to the shard holding its middle byte (its
                // start may be just before a boundary whose cut was too close to keep)
                for (position, &cut) in cuts.iter().chain([&end]).enumerate() {
                    units.push(PlanUnit {
                        file: index,
                        range: Some(ByteRange {
                            start: start - offset,
                            end: if position == cuts.len() {
                                u64::MAX
                            } else {
                                cut - offset
                            },
                        }),
                        shard: shard_at(start + (cut - start) / 2),
                    });
                    start = cut;
                }
            }
            offset = end;
        }
        Plan {
            shards,
            files,
            sizes,
            units,
        }
    }

    /// What shard `shard` reads, in order.
    pub fn units_of(&self, shard: usize) -> Vec<ReadUnit> {
        self.units
            .iter()
            .filter(|unit| unit.shard == shard)
            .map(|unit| ReadUnit {
                file: self.files[unit.file].clone(),
                range: unit.range,
            })
            .collect()
    }

    /// The bytes each shard reads, by shard.
    pub fn shard_bytes(&self) -> Vec<u64> {
        let mut bytes = vec![0u64; self.shards];
        for unit in &self.units {
            bytes[unit.shard] += self.unit_bytes(unit);
        }
        bytes
    }

    fn unit_bytes(&self, unit: &PlanUnit) -> u64 {
        let size = self.sizes[unit.file];
        match unit.range {
            None => size,
            Some(range) => range.end.min(size) - range.start.min(size),
        }
    }

    /// A unit as the marker lists it: `path` or `path@start-end`.
    pub fn describe(&self, unit: &PlanUnit) -> String {
        let file = &self.files[unit.file];
        match unit.range {
            None => file.display.clone(),
            Some(range) => format!(
                "{}@{}-{}",
                file.display,
                range.start,
                range.end.min(self.sizes[unit.file])
            ),
        }
    }

    /// A fingerprint of the whole plan (every file's name, size and format, every unit and its
    /// shard): two shards agree on it exactly when they cut the same inputs the same way.
    pub fn fingerprint(&self) -> String {
        let mut text = format!("shards {}\n", self.shards);
        for (file, size) in self.files.iter().zip(&self.sizes) {
            text.push_str(&format!(
                "file {:?} {size} {:?} {} {:?}\n",
                file.display, file.format, file.gzip, file.problem
            ));
        }
        for unit in &self.units {
            text.push_str(&format!(
                "unit {} {:?} {}\n",
                unit.file, unit.range, unit.shard
            ));
        }
        content_hash(text.as_bytes())
    }
}

/// Whether a file can be cut into byte ranges: uncompressed JSON Lines on disk.
fn splittable(file: &InputFile) -> bool {
    file.format == InputFormat::Jsonl && !file.gzip && file.path.is_some() && file.problem.is_none()
}

/// A 128-bit content hash (two FNV-1a passes), in hex: enough to tell configurations apart,
/// stable across platforms and versions.
pub fn content_hash(bytes: &[u8]) -> String {
    format!(
        "{:016x}{:016x}",
        crate::fnv1a(0xcbf2_9ce4_8422_2325, bytes),
        crate::fnv1a(0x6c62_272e_07bb_0142, bytes)
    )
}

/// What changes the output of a shard besides its inputs: the merge of shards is one run's
/// output only when every shard had the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Configuration {
    /// `builtin:HASH` or `file:HASH`, the hash of the gazetteer's bytes (paths differ between
    /// machines; contents must not).
    pub gazetteer: String,
    pub langs: Vec<String>,
    pub input_format: String,
    pub delimiter: String,
    pub excel: bool,
    pub formula_guard: bool,
    pub canonical_names: bool,
}

impl Configuration {
    /// The configuration of a run.
    pub fn of(config: &RunConfig) -> Result<Configuration> {
        let gazetteer = match &config.gazetteer {
            None => format!("builtin:{}", content_hash(BUILTIN_TSV.as_bytes())),
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    Error::Usage(format!("cannot read gazetteer {}: {e}", path.display()))
                })?;
                format!("file:{}", content_hash(&bytes))
            }
        };
        Ok(Configuration {
            gazetteer,
            langs: config.langs.clone(),
            input_format: format!("{:?}", config.input_format).to_ascii_lowercase(),
            delimiter: (config.dialect.delimiter as char).to_string(),
            excel: config.dialect.excel,
            formula_guard: config.dialect.formula_guard,
            canonical_names: config.canonical_names,
        })
    }
}

/// The completion marker, `_SUCCESS`, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The artnorm version that wrote the shard.
    pub artnorm: String,
    pub shard: usize,
    pub shards: usize,
    /// [`Plan::fingerprint`].
    pub plan: String,
    pub plan_files: usize,
    pub plan_units: usize,
    pub plan_bytes: u64,
    pub configuration: Configuration,
    /// How many units this shard read, and its first and last ([`Plan::describe`]), for
    /// people (the plan's fingerprint pins down the rest).
    pub units: usize,
    pub first_unit: Option<String>,
    pub last_unit: Option<String>,
    /// The size in bytes of every corpus file the shard wrote.
    pub outputs: BTreeMap<String, u64>,
}

impl Marker {
    /// The marker for shard `spec` of `plan` (without outputs yet).
    pub fn new(spec: ShardSpec, plan: &Plan, configuration: Configuration) -> Marker {
        let mine: Vec<&PlanUnit> = plan
            .units
            .iter()
            .filter(|u| u.shard == spec.index)
            .collect();
        Marker {
            artnorm: env!("CARGO_PKG_VERSION").to_owned(),
            shard: spec.index,
            shards: plan.shards,
            plan: plan.fingerprint(),
            plan_files: plan.files.len(),
            plan_units: plan.units.len(),
            plan_bytes: plan.sizes.iter().sum(),
            configuration,
            units: mine.len(),
            first_unit: mine.first().map(|u| plan.describe(u)),
            last_unit: mine.last().map(|u| plan.describe(u)),
            outputs: BTreeMap::new(),
        }
    }

    /// How the run that wrote `self` differs from the one that wrote `other`, shard index
    /// aside; empty when they belong to the same sharded run.
    pub fn differences(&self, other: &Marker) -> Vec<String> {
        let mut differences = Vec::new();
        let a = &self.configuration;
        let b = &other.configuration;
        let mut differ = |what: String, differs: bool| {
            if differs {
                differences.push(what);
            }
        };
        differ(
            format!("version ({} vs {})", self.artnorm, other.artnorm),
            self.artnorm != other.artnorm,
        );
        differ(
            format!("shard count ({} vs {})", self.shards, other.shards),
            self.shards != other.shards,
        );
        differ(
            format!(
                "inputs ({} files, {} bytes vs {} files, {} bytes)",
                self.plan_files, self.plan_bytes, other.plan_files, other.plan_bytes
            ),
            self.shards == other.shards && self.plan != other.plan,
        );
        differ("gazetteer".to_owned(), a.gazetteer != b.gazetteer);
        differ(
            format!("langs ({} vs {})", a.langs.join(","), b.langs.join(",")),
            a.langs != b.langs,
        );
        differ(
            format!("--input-format ({} vs {})", a.input_format, b.input_format),
            a.input_format != b.input_format,
        );
        differ(
            format!("--delimiter ({:?} vs {:?})", a.delimiter, b.delimiter),
            a.delimiter != b.delimiter,
        );
        differ("--excel".to_owned(), a.excel != b.excel);
        differ(
            "--no-formula-guard".to_owned(),
            a.formula_guard != b.formula_guard,
        );
        differ(
            "--canonical-names".to_owned(),
            a.canonical_names != b.canonical_names,
        );
        differences
    }

    /// Whether every file the marker lists is in `dir` with the size it had.
    pub fn outputs_intact(&self, dir: &Path) -> std::result::Result<(), String> {
        for (name, &size) in &self.outputs {
            match std::fs::metadata(dir.join(name)) {
                Ok(metadata) if metadata.len() == size => {}
                Ok(metadata) => {
                    return Err(format!(
                        "{name} has {} bytes, the marker says {size}",
                        metadata.len()
                    ))
                }
                Err(_) => return Err(format!("{name} is missing")),
            }
        }
        Ok(())
    }

    /// Reads `dir/_SUCCESS`: `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<Marker>> {
        let path = dir.join(MARKER);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::Usage(format!(
                "{} is not a marker written by artnorm: {e}",
                path.display()
            ))
        })
    }

    /// Writes `dir/_SUCCESS` under a temporary name and renames it into place.
    pub fn write(&self, dir: &Path) -> Result<()> {
        use std::io::Write;
        let path = dir.join(MARKER);
        let mut file = AtomicFile::create(&path)?;
        let mut text = serde_json::to_string_pretty(self).map_err(|e| {
            Error::io(
                format!("writing {}", path.display()),
                std::io::Error::other(e),
            )
        })?;
        text.push('\n');
        file.write_all(text.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        file.commit()
    }
}

/// A shard that is to be done: its plan and the marker it will write.
#[derive(Debug)]
pub struct PendingShard {
    spec: ShardSpec,
    plan: Plan,
    marker: Marker,
}

/// Looks at shard `spec` of `config.inputs` in `config.out_dir` before any work (the gazetteer
/// is not even compiled): `None` when a valid marker of this very run is there, so the work is
/// done; a usage error when a marker of another configuration is there, unless `force`.
pub fn prepare_shard(
    config: &RunConfig,
    spec: ShardSpec,
    force: bool,
) -> Result<Option<PendingShard>> {
    if config.inputs.iter().any(|input| input == "-") {
        return Err(Error::Usage(
            "--shard needs input files or directories: standard input cannot be shared out"
                .to_owned(),
        ));
    }
    let files = expand_inputs(&config.inputs, config.input_format)?;
    let plan = Plan::for_files(files, spec.count);
    let marker = Marker::new(spec, &plan, Configuration::of(config)?);
    let dir = &config.out_dir;
    match Marker::read(dir) {
        Ok(Some(existing)) => {
            let mut differences = existing.differences(&marker);
            if existing.shard != marker.shard && differences.is_empty() {
                differences.push(format!("shard ({} vs {})", existing.shard, marker.shard));
            }
            if differences.is_empty() {
                if existing.outputs_intact(dir).is_ok() {
                    return Ok(None);
                }
                // a damaged shard of this very run: doing it again is the repair
            } else if !force {
                return Err(Error::Usage(format!(
                    "{} belongs to another run (it differs in {}); use --force to redo shard \
                     {spec} there, or give another output directory",
                    dir.join(MARKER).display(),
                    differences.join(", ")
                )));
            }
        }
        Ok(None) => {}
        Err(error) if !force => {
            return Err(Error::Usage(format!(
                "{error}; use --force to redo shard {spec} there"
            )))
        }
        Err(_) => {}
    }
    Ok(Some(PendingShard { spec, plan, marker }))
}

impl PendingShard {
    /// Does the shard's work into `config.out_dir` and writes the marker, last; `report`
    /// writes `report.html` before the marker. The old marker goes first, so that no moment
    /// shows a marker beside files it does not describe.
    pub fn run(
        mut self,
        config: &RunConfig,
        context: &Context,
        pool: &rayon::ThreadPool,
        report: bool,
    ) -> Result<Summary> {
        remove_marker(&config.out_dir)?;
        let units = self.plan.units_of(self.spec.index);
        // the report and the marker are files of the shard's output set, the marker last: the
        // set is swapped in whole, the marker after every other file
        run_units_and(config, context, pool, units, DirAccess::Shared, |set, _| {
            let staging = set.staging_dir();
            if report {
                crate::report::write_report(staging)?;
            }
            for name in OUTPUT_FILES {
                let path = staging.join(name);
                let size = std::fs::metadata(&path)
                    .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
                    .len();
                self.marker.outputs.insert((*name).to_owned(), size);
            }
            self.marker.write(staging)
        })
    }
}

fn remove_marker(dir: &Path) -> Result<()> {
    let path: PathBuf = dir.join(MARKER);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("removing {}", path.display()), e)),
    }
}

/// `3,7,12-15`: shard indices as a Slurm `--array` expression (sorted, runs joined).
pub fn array_expression(indices: &[usize]) -> String {
    let mut sorted = indices.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        parts.push(if j == i {
            sorted[i].to_string()
        } else {
            format!("{}-{}", sorted[i], sorted[j])
        });
        i = j + 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn file(name: &str, format: InputFormat, gzip: bool) -> InputFile {
        InputFile {
            path: Some(PathBuf::from(name)),
            display: name.to_owned(),
            format,
            gzip,
            problem: None,
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn parses_i_of_n() {
        assert_eq!(
            ShardSpec::parse("2/5").unwrap(),
            ShardSpec { index: 2, count: 5 }
        );
        for bad in ["5/5", "1/0", "x/2", "3", "-1/4", ""] {
            assert_eq!(ShardSpec::parse(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn slurm_arrays_of_any_start_and_step() {
        let spec = |pairs: &[(&str, &str)]| ShardSpec::from_env(&env(pairs)).map(|(s, _)| s);
        let zero = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "7"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
        ];
        assert_eq!(spec(&zero).unwrap(), ShardSpec { index: 3, count: 8 });
        let one = [
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "16"),
            ("SLURM_ARRAY_TASK_COUNT", "16"),
            ("SLURM_ARRAY_TASK_STEP", "1"),
        ];
        assert_eq!(
            spec(&one).unwrap(),
            ShardSpec {
                index: 0,
                count: 16
            }
        );
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "20"),
            ("SLURM_ARRAY_TASK_MIN", "10"),
            ("SLURM_ARRAY_TASK_MAX", "30"),
            ("SLURM_ARRAY_TASK_STEP", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
        ];
        assert_eq!(spec(&stepped).unwrap(), ShardSpec { index: 2, count: 5 });
        // a resubmitted list is not a range: refused unless the total is given
        let list = [
            ("SLURM_ARRAY_TASK_ID", "7"),
            ("SLURM_ARRAY_TASK_MIN", "3"),
            ("SLURM_ARRAY_TASK_MAX", "15"),
            ("SLURM_ARRAY_TASK_COUNT", "6"),
        ];
        assert_eq!(spec(&list).unwrap_err().exit_code(), 2);
        let mut with_total = list.to_vec();
        with_total.push(("ARTNORM_SHARDS", "16"));
        assert_eq!(
            spec(&with_total).unwrap(),
            ShardSpec {
                index: 7,
                count: 16
            }
        );
        // ARTNORM_SHARD wins; nothing at all is a usage error
        let mut explicit = zero.to_vec();
        explicit.push(("ARTNORM_SHARD", "1/2"));
        assert_eq!(spec(&explicit).unwrap(), ShardSpec { index: 1, count: 2 });
        assert_eq!(spec(&[]).unwrap_err().exit_code(), 2);
    }

    #[test]
    fn array_expressions_join_runs() {
        assert_eq!(array_expression(&[12, 3, 13, 7, 14, 15]), "3,7,12-15");
        assert_eq!(array_expression(&[0]), "0");
        assert_eq!(array_expression(&[]), "");
        assert_eq!(array_expression(&[4, 5]), "4-5");
    }

    /// Every byte of every file is read by exactly one unit, units go to shards in
    /// non-decreasing order, and every unit is whole or a range of a splittable file.
    fn check_plan(plan: &Plan) {
        let mut shard = 0;
        let mut covered: Vec<u64> = vec![0; plan.files.len()];
        for unit in &plan.units {
            assert!(unit.shard >= shard && unit.shard < plan.shards);
            shard = unit.shard;
            let size = plan.sizes[unit.file];
            match unit.range {
                None => {
                    assert_eq!(covered[unit.file], 0);
                    covered[unit.file] = size;
                }
                Some(range) => {
                    assert!(splittable(&plan.files[unit.file]));
                    assert_eq!(range.start, covered[unit.file]);
                    covered[unit.file] = range.end.min(size);
                }
            }
        }
        assert_eq!(covered, plan.sizes);
    }

    #[test]
    fn a_large_json_lines_file_feeds_every_shard() {
        let files = vec![
            file("a.txt", InputFormat::Text, false),
            file("big.jsonl", InputFormat::Jsonl, false),
            file("c.jsonl.gz", InputFormat::Jsonl, true),
        ];
        let sizes = vec![1_000, 100 << 20, 2 << 20];
        let plan = Plan::new(files.clone(), sizes.clone(), 4);
        check_plan(&plan);
        let bytes = plan.shard_bytes();
        let ideal = sizes.iter().sum::<u64>() / 4;
        for (shard, &b) in bytes.iter().enumerate() {
            // every shard within one gzip file (the indivisible unit) of its share
            assert!(
                b.abs_diff(ideal) <= 2 << 20,
                "shard {shard}: {b} vs {ideal}"
            );
        }
        // the gzip file is whole, the text file is whole
        assert_eq!(plan.units.first().unwrap().range, None);
        assert_eq!(plan.units.last().unwrap().range, None);
        // deterministic from the inputs and N alone
        assert_eq!(plan, Plan::new(files.clone(), sizes.clone(), 4));
        assert_ne!(plan.fingerprint(), Plan::new(files, sizes, 5).fingerprint());
    }

    #[test]
    fn more_shards_than_units_and_tiny_files() {
        let files: Vec<InputFile> = (0..3)
            .map(|i| file(&format!("{i}.jsonl"), InputFormat::Jsonl, false))
            .collect();
        let plan = Plan::new(files.clone(), vec![10, 20, 0], 50);
        check_plan(&plan);
        assert_eq!(plan.units.len(), 3);
        let plan = Plan::new(files, vec![0, 0, 0], 3);
        check_plan(&plan);
        assert!(plan.units.iter().all(|u| u.shard == 0));
        let one = Plan::new(
            vec![file("big.jsonl", InputFormat::Jsonl, false)],
            vec![50 << 20],
            1,
        );
        assert_eq!(one.units.len(), 1);
        assert_eq!(one.units[0].range, None);
    }

    proptest::proptest! {
        /// For any files and shard count: every byte read once, shards contiguous and in
        /// order, and no shard more than one whole unit (or one minimum piece) over its share.
        #[test]
        fn plans_cover_every_byte_once_and_stay_balanced(
            specs in proptest::collection::vec((0u64..3_000_000, 0u8..3), 0..12),
            shards in 1usize..20,
        ) {
            let files: Vec<InputFile> = specs
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| match kind {
                    0 => file(&format!("{i:02}.jsonl"), InputFormat::Jsonl, false),
                    1 => file(&format!("{i:02}.jsonl.gz"), InputFormat::Jsonl, true),
                    _ => file(&format!("{i:02}.txt"), InputFormat::Text, false),
                })
                .collect();
            let sizes: Vec<u64> = specs.iter().map(|(size, _)| *size).collect();
            let plan = Plan::new(files.clone(), sizes.clone(), shards);
            check_plan(&plan);
            proptest::prop_assert_eq!(&plan, &Plan::new(files, sizes.clone(), shards));
            let total: u64 = sizes.iter().sum();
            let largest_whole = plan
                .units
                .iter()
                .filter(|u| u.range.is_none())
                .map(|u| sizes[u.file])
                .max()
                .unwrap_or(0);
            let share = total.div_ceil(shards as u64);
            for bytes in plan.shard_bytes() {
                proptest::prop_assert!(
                    bytes <= share + largest_whole.max(2 * MIN_PIECE) + 1,
                    "{} bytes for a share of {}", bytes, share
                );
            }
        }
    }

    #[test]
    fn pieces_are_never_smaller_than_the_minimum() {
        let files = vec![file("big.jsonl", InputFormat::Jsonl, false)];
        for shards in [2, 3, 7, 100, 1000] {
            for size in [2 * MIN_PIECE - 1, 2 * MIN_PIECE, 10 * MIN_PIECE + 3] {
                let plan = Plan::new(files.clone(), vec![size], shards);
                check_plan(&plan);
                for unit in &plan.units {
                    if let Some(range) = unit.range {
                        assert!(range.end.min(size) - range.start >= MIN_PIECE);
                    }
                }
            }
        }
    }
}
