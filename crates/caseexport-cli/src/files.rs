//! Inputs (a path, or `-` for standard input) and outputs (standard output,
//! or a file written atomically).

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::Failure;

/// A command-line input: a file, or `-` for standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Self {
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path)
        }
    }
}

impl Input {
    /// `true` for standard input.
    pub fn is_stdin(&self) -> bool {
        matches!(self, Input::Stdin)
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Reads the whole input, but never more than `limit + 1` bytes: the core
    /// rejects anything over its size limit (`limitExceeded`) without the
    /// rest having to be in memory.
    pub fn read_all(&self, limit: usize) -> Result<Vec<u8>, Failure> {
        let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
        let mut bytes = Vec::new();
        let result = match self {
            Input::Stdin => io::stdin().lock().take(cap).read_to_end(&mut bytes),
            Input::File(p) => File::open(p).and_then(|f| f.take(cap).read_to_end(&mut bytes)),
        };
        result.map_err(|e| self.read_failure(&e))?;
        Ok(bytes)
    }

    /// Opens the input for streaming, with its size when it is a regular file.
    pub fn open_stream(&self) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Failure> {
        const CAPACITY: usize = 256 * 1024;
        match self {
            Input::Stdin => Ok((
                Box::new(BufReader::with_capacity(CAPACITY, io::stdin())),
                None,
            )),
            Input::File(p) => {
                let file = File::open(p).map_err(|e| self.read_failure(&e))?;
                let len = file
                    .metadata()
                    .ok()
                    .filter(fs::Metadata::is_file)
                    .map(|m| m.len());
                Ok((Box::new(BufReader::with_capacity(CAPACITY, file)), len))
            }
        }
    }

    /// The usage failure for an input that cannot be read.
    pub fn read_failure(&self, e: &io::Error) -> Failure {
        Failure::Usage(format!("cannot read {}: {e}", self.name()))
    }
}

/// A file written atomically: the bytes go to a temporary file in the same
/// folder, which replaces the destination only on [`AtomicFile::commit`].
/// Dropped without a commit, the temporary file is removed and the
/// destination is untouched.
pub struct AtomicFile {
    dest: PathBuf,
    writer: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Creates the temporary file next to `dest`.
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".caseexport-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| folder_error(dir, &e))?;
        Ok(AtomicFile {
            dest: dest.to_owned(),
            writer: BufWriter::with_capacity(256 * 1024, tmp),
        })
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    /// An existing destination keeps its permissions; a new one gets the
    /// temporary file's (owner read/write only: the output carries the SAS
    /// token).
    pub fn commit(self) -> io::Result<()> {
        let tmp = self.writer.into_inner().map_err(|e| e.into_error())?;
        if let Ok(meta) = fs::metadata(&self.dest) {
            if meta.is_file() {
                tmp.as_file().set_permissions(meta.permissions())?;
            }
        }
        tmp.as_file().sync_all()?;
        tmp.persist(&self.dest).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The error for a temporary file that cannot be created in `dir`, naming
/// the folder (the user's) instead of the temporary file (ours), which
/// `tempfile` appends to its messages as ` at path "…"`.
fn folder_error(dir: &Path, e: &io::Error) -> io::Error {
    let reason = match fs::metadata(dir) {
        Err(m) if m.kind() == io::ErrorKind::NotFound => "no such folder".to_owned(),
        Ok(meta) if !meta.is_dir() => "it is not a folder".to_owned(),
        _ => {
            let text = e.to_string();
            match text.rfind(" at path ") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    };
    io::Error::new(
        e.kind(),
        format!("cannot create a file in {}: {reason}", dir.display()),
    )
}

/// The usage failure for an output that cannot be written.
pub fn write_failure(dest: Option<&Path>, e: &io::Error) -> Failure {
    match dest {
        Some(p) => Failure::Usage(format!("cannot write {}: {e}", p.display())),
        None => Failure::Usage(format!("cannot write to standard output: {e}")),
    }
}

/// Writes `bytes` to `dest` atomically, or to standard output. A reader that
/// went away (broken pipe) is not an error.
pub fn emit(dest: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match dest {
        Some(path) => AtomicFile::create(path)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.commit()
            })
            .map_err(|e| write_failure(dest, &e)),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(write_failure(None, &e)),
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_is_stdin_and_names_are_readable() {
        assert_eq!(Input::from(PathBuf::from("-")), Input::Stdin);
        assert_eq!(Input::Stdin.name(), "<stdin>");
        let f = Input::from(PathBuf::from("dir/a.json"));
        assert_eq!(f.name(), "dir/a.json");
        assert!(!f.is_stdin());
    }

    #[test]
    fn read_all_stops_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        fs::write(&p, vec![b'x'; 100]).unwrap();
        assert_eq!(Input::File(p.clone()).read_all(10).unwrap().len(), 11);
        assert_eq!(Input::File(p).read_all(1000).unwrap().len(), 100);
    }

    #[test]
    fn uncommitted_atomic_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.json");
        fs::write(&dest, b"old").unwrap();
        {
            let mut f = AtomicFile::create(&dest).unwrap();
            f.write_all(b"new").unwrap();
        }
        assert_eq!(fs::read(&dest).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
