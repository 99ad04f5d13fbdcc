//! Time limits on the body's read and on each handler.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Bounds `future` by `limit`, like `tokio::time::timeout`, but arms the timer only once
/// the future is left pending. Why: most bodies are in by the time the request is
/// routed and many handlers finish in their first poll, while a timer reads the clock
/// and fills a timer entry. The limit counts from the first poll that left the future
/// pending.
pub(super) fn within<F: Future>(limit: Duration, future: F) -> Within<F> {
    Within {
        future,
        limit,
        timer: None,
    }
}

pin_project_lite::pin_project! {
    /// See [`within`]. The armed timer is boxed so that every request's future does not
    /// carry a timer's room.
    pub(super) struct Within<F> {
        #[pin]
        future: F,
        limit: Duration,
        timer: Option<Pin<Box<tokio::time::Sleep>>>,
    }
}

/// A [`within`] future's limit ran out.
#[derive(Debug)]
pub(super) struct TimedOut;

impl<F: Future> Future for Within<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let limit = *this.limit;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        timer.as_mut().poll(cx).map(|()| Err(TimedOut))
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_time_limit_is_set_only_for_a_future_left_pending() {
        let limit = Duration::from_secs(5);
        let ready = within(limit, async { 1 });
        tokio::pin!(ready);
        assert!(matches!(ready.as_mut().now_or_never(), Some(Ok(1))));
        assert!(ready.timer.is_none(), "no timer for a future ready at once");
        let started = tokio::time::Instant::now();
        let late = within(limit, tokio::time::sleep(Duration::from_secs(2)));
        assert!(late.await.is_ok());
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        let never = within(limit, std::future::pending::<()>());
        assert!(never.await.is_err());
        assert_eq!(started.elapsed(), Duration::from_secs(7));
    }
}
