//! A large output file's data on its way to the disk while the file is still being written.
//!
//! Every output file is synced before it is renamed into place, so that a crash never leaves a
//! final name on a file whose data is not on the disk. Written at the end, a run's 50 MB of CSV
//! reach the disk only then: the last tens of milliseconds of every run went to waiting for
//! the device, with both cores idle. A [`Writeback`] asks a background thread to sync the data
//! written so far each time another [`CHUNK_BYTES`] have been written, so the disk writes
//! overlap the work that produces the rest, and the final sync has at most the last chunk left.
//!
//! The background syncs are an optimization, never the guarantee: the final sync still runs,
//! and it is only trusted once the background syncs of the file are over, with their errors.
//! (A failed write is reported to the first sync that asks after it: when that is a background
//! one, its error is the file's error.)

use std::fs::File;
use std::io;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Bytes written between two background syncs: large enough that a sync is rare (a few per
/// run), small enough that the last one leaves little for the final sync.
pub const CHUNK_BYTES: u64 = 8 << 20;

/// The background syncs of one file: how many are asked for and not over, and the first
/// error one met.
#[derive(Default)]
struct Pending {
    count: usize,
    /// How many were ever asked for.
    asked: usize,
    failure: Option<io::Error>,
}

#[derive(Default)]
struct Shared {
    pending: Mutex<Pending>,
    done: Condvar,
}

/// One background sync: a handle on the file (the same open file as the writer's) and where
/// its outcome goes.
struct Job {
    file: File,
    shared: Arc<Shared>,
}

/// The thread that runs the background syncs of every file of the process, started by the
/// first one asked for (a run with small outputs never starts it).
fn syncer() -> Option<&'static Mutex<Sender<Job>>> {
    static SYNCER: OnceLock<Option<Mutex<Sender<Job>>>> = OnceLock::new();
    SYNCER
        .get_or_init(|| {
            let (sender, receiver) = channel::<Job>();
            std::thread::Builder::new()
                .name("artnorm-writeback".to_owned())
                .spawn(move || {
                    for job in receiver {
                        // whatever happens, the sync is counted as over: a file whose commit
                        // waits for it must never wait for ever
                        let file = job.file;
                        let outcome = std::panic::catch_unwind(move || file.sync_data())
                            .unwrap_or_else(|_| Err(io::Error::other("a background sync failed")));
                        job.shared.finish(outcome);
                    }
                })
                .ok()
                .map(|_| Mutex::new(sender))
        })
        .as_ref()
}

impl Shared {
    fn finish(&self, outcome: io::Result<()>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.count -= 1;
        if let Err(error) = outcome {
            pending.failure.get_or_insert(error);
        }
        self.done.notify_all();
    }
}

/// The background syncs of one file being written.
#[derive(Default)]
pub struct Writeback {
    unsynced: u64,
    shared: Arc<Shared>,
}

impl Writeback {
    pub fn new() -> Writeback {
        Writeback::default()
    }

    /// Counts `bytes` just written to `file`; once [`CHUNK_BYTES`] are written since the last
    /// background sync was asked for, asks for another. Best effort: when the file cannot be
    /// shared with the thread, nothing is asked and the final sync does it all.
    pub fn wrote(&mut self, file: &File, bytes: usize) {
        self.unsynced += bytes as u64;
        if self.unsynced < CHUNK_BYTES {
            return;
        }
        self.unsynced = 0;
        let (Some(syncer), Ok(handle)) = (syncer(), file.try_clone()) else {
            return;
        };
        let mut pending = self.pending();
        pending.count += 1;
        pending.asked += 1;
        drop(pending);
        let job = Job {
            file: handle,
            shared: Arc::clone(&self.shared),
        };
        let sent = syncer
            .lock()
            .map_err(|_| ())
            .and_then(|sender| sender.send(job).map_err(|_| ()));
        if sent.is_err() {
            self.pending().count -= 1;
        }
    }

    /// Waits for the background syncs asked for so far; the first error one of them met, if
    /// any. The final sync is to be made after this.
    pub fn finish(&self) -> io::Result<()> {
        let mut pending = self.pending();
        while pending.count > 0 {
            pending = self
                .shared
                .done
                .wait(pending)
                .unwrap_or_else(|e| e.into_inner());
        }
        match pending.failure.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.shared
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn background_syncs_are_asked_for_each_chunk_and_awaited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let mut file = File::create(&path).unwrap();
        let mut writeback = Writeback::new();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..(2 * CHUNK_BYTES as usize / block.len() + 1) {
            file.write_all(&block).unwrap();
            writeback.wrote(&file, block.len());
        }
        // two chunks were written: two syncs were asked for, and they are over after finish
        writeback.finish().unwrap();
        assert_eq!(writeback.pending().asked, 2);
        assert_eq!(writeback.pending().count, 0);
        assert_eq!(writeback.unsynced, 1 << 20);
        file.sync_all().unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            2 * CHUNK_BYTES + (1 << 20)
        );
    }

    #[test]
    fn a_small_file_asks_for_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = File::create(dir.path().join("small")).unwrap();
        let mut writeback = Writeback::new();
        file.write_all(b"a,b\n").unwrap();
        writeback.wrote(&file, 4);
        assert_eq!(writeback.pending().asked, 0);
        writeback.finish().unwrap();
    }
}
