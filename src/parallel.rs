//! Work split between the two cores without ever failing for it: when the system cannot start
//! a thread (out of processes or memory), the work runs on the calling thread instead. The
//! result is the same, only slower.

use std::thread::{Builder, Scope, ScopedJoinHandle};

/// Work started by [`spawn_or_run`]: still running on another thread, or already done.
pub enum Task<'scope, T> {
    Running(ScopedJoinHandle<'scope, T>),
    Done(T),
}

impl<T> Task<'_, T> {
    /// The result. A panic on the other thread is a bug and is passed on unchanged.
    pub fn join(self) -> T {
        match self {
            Task::Running(handle) => join(handle),
            Task::Done(result) => result,
        }
    }
}

/// The result of a scoped thread. A panic there is a bug and is passed on unchanged.
pub fn join<T>(handle: ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// Starts `work` on another thread of `scope`, or runs it here and now when no thread can be
/// started. `work` is `Copy` (it borrows what it needs), so a failed start leaves it to call.
pub fn spawn_or_run<'scope, T, F>(scope: &'scope Scope<'scope, '_>, work: F) -> Task<'scope, T>
where
    F: FnOnce() -> T + Send + Copy + 'scope,
    T: Send + 'scope,
{
    spawn_with(Builder::new(), scope, work)
}

fn spawn_with<'scope, T, F>(
    builder: Builder,
    scope: &'scope Scope<'scope, '_>,
    work: F,
) -> Task<'scope, T>
where
    F: FnOnce() -> T + Send + Copy + 'scope,
    T: Send + 'scope,
{
    match builder.spawn_scoped(scope, work) {
        Ok(handle) => Task::Running(handle),
        Err(_) => Task::Done(work()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_here_when_no_thread_can_start() {
        let numbers: Vec<u64> = (1..=100).collect();
        let sum = || numbers.iter().sum::<u64>();
        std::thread::scope(|scope| {
            // No system can give a thread a stack this large: the start fails.
            let impossible = Builder::new().stack_size(usize::MAX / 2);
            let task = spawn_with(impossible, scope, sum);
            assert!(matches!(task, Task::Done(5050)));
            assert_eq!(task.join(), 5050);
            let task = spawn_or_run(scope, sum);
            assert_eq!(task.join(), 5050);
        });
    }
}
