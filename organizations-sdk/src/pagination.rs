//! Paginators: a stream of pages that follows the continuation token, and a stream of the
//! items of those pages. Built on one small `Stream` type; no task is spawned.

use crate::client::Handle;
use crate::error::{BuildError, SdkError};
use crate::protocol::Operation;
use futures_core::Stream;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::BuildHasherDefault;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A page of results: the output of a paginated operation (`ListAccountsOutput`, …), with
/// the continuation token the next request carries and the items it holds. Generic code
/// over pages uses it; so do the mocks' `pages()`.
pub trait Page {
    /// What the page lists (`Account` for `ListAccounts`).
    type Item: Send + 'static;
    /// The continuation token: `None` (or empty) on the last page.
    fn next_token(&self) -> Option<&str>;
    /// Sets the continuation token.
    fn set_next_token(&mut self, token: Option<String>);
    /// The page's items, in order (none when the service sent none).
    fn into_items(self) -> Vec<Self::Item>;
}

/// A paginated operation: where the continuation token goes in its input. Implemented by
/// the generated marker types of the paginated operations.
pub(crate) trait Paginated: Operation<Output: Page> {
    fn set_token(input: &mut Self::Input, token: Option<String>);
}

/// A stream of results from a paginator: call [`Self::next`] in a loop, or
/// [`Self::collect`]. It also implements [`futures_core::Stream`].
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> PaginationStream<T> {
    fn new(inner: impl Stream<Item = T> + Send + 'static) -> Self {
        Self { inner: Box::pin(inner) }
    }

    /// The next item, or `None` at the end.
    pub async fn next(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every remaining item, e.g. `collect::<Result<Vec<_>, _>>()`.
    pub async fn collect<C: FromIterator<T>>(mut self) -> C {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item);
        }
        all.into_iter().collect()
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaginationStream")
    }
}

/// Where a walk over pages stands: the next request's input and the tokens sent so far.
/// The one continuation rule, for the paginators and the snapshot walk: follow a page's
/// token while it is set, not empty and not one this walk has sent already (a service bug
/// that would loop forever); empty pages do not end the walk.
pub(crate) struct Cursor<O: Paginated> {
    input: O::Input,
    /// Fingerprints (FNV-1a, 64 bits) of the tokens sent: no copy of each token is kept.
    sent: HashSet<u64, BuildHasherDefault<Identity>>,
    done: bool,
}

impl<O: Paginated> Cursor<O> {
    pub(crate) fn new(input: O::Input) -> Self {
        Self { input, sent: HashSet::default(), done: false }
    }

    /// The input of the next page's request; `None` once the walk is over.
    pub(crate) fn next_input(&self) -> Option<&O::Input> {
        (!self.done).then_some(&self.input)
    }

    /// Moves past `page`: its token, if the walk goes on, goes into the next request.
    pub(crate) fn advance(&mut self, page: &O::Output) {
        match page.next_token() {
            Some(token) if !token.is_empty() && self.sent.insert(fingerprint(token)) => O::set_token(&mut self.input, Some(token.to_owned())),
            _ => self.done = true,
        }
    }
}

/// FNV-1a of a token: cheap, and two tokens of one walk that collide in 64 bits do not occur.
fn fingerprint(token: &str) -> u64 {
    token.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The fingerprints are hashes already: the set uses them as they are.
#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Where a page walk stands between pages.
struct Walk<O: Paginated> {
    handle: Arc<Handle>,
    cursor: Cursor<O>,
}

type PageResult<O> = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;

/// The pages of an operation. Stops after a page without a token, with an empty token, or
/// with a token already sent ([`Cursor`]), and after the first error (retries happen inside each page's call, so a throttled page is
/// retried with the same token).
pub(crate) fn pages<O: Paginated>(handle: Arc<Handle>, input: Result<O::Input, BuildError>) -> PaginationStream<PageResult<O>> {
    /// `fetch` is the page request; `slot` holds the one in flight. The slot is allocated
    /// once per walk and each page's request is written into it: a call's future is a few
    /// kilobytes, and allocating one per page cost more than reading a page's headers.
    struct Pages<O: Paginated, F, Fut> {
        next: Option<Result<Walk<O>, BuildError>>,
        fetch: F,
        /// The request in flight, if any.
        slot: Pin<Box<Option<Fut>>>,
    }
    fn new<O: Paginated, F: Fn(Walk<O>) -> Fut, Fut>(next: Result<Walk<O>, BuildError>, fetch: F) -> Pages<O, F, Fut> {
        Pages { next: Some(next), fetch, slot: Box::pin(None) }
    }
    impl<O: Paginated, F, Fut> Unpin for Pages<O, F, Fut> {}
    impl<O, F, Fut> Stream for Pages<O, F, Fut>
    where
        O: Paginated,
        F: Fn(Walk<O>) -> Fut,
        Fut: Future<Output = (PageResult<O>, Option<Walk<O>>)>,
    {
        type Item = PageResult<O>;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = &mut *self;
            if this.slot.is_none() {
                match this.next.take() {
                    None => return Poll::Ready(None),
                    Some(Err(e)) => return Poll::Ready(Some(Err(SdkError::construction_failure(e)))),
                    Some(Ok(walk)) => this.slot.set(Some((this.fetch)(walk))),
                }
            }
            let request = this.slot.as_mut().as_pin_mut().expect("a request is in flight");
            match request.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready((page, next)) => {
                    this.slot.set(None);
                    this.next = next.map(Ok);
                    Poll::Ready(Some(page))
                }
            }
        }
    }
    async fn fetch<O: Paginated>(mut walk: Walk<O>) -> (PageResult<O>, Option<Walk<O>>) {
        let input = walk.cursor.next_input().expect("a walk in flight has a next page");
        let result = crate::client::send::<O>(&walk.handle, Ok(input)).await;
        let next = match &result {
            Ok(page) => {
                walk.cursor.advance(page);
                walk.cursor.next_input().is_some().then_some(walk)
            }
            Err(_) => None,
        };
        (result, next)
    }
    let walk = input.map(|input| Walk { handle, cursor: Cursor::new(input) });
    PaginationStream::new(new(walk, fetch::<O>))
}

/// The items of each page, in order; an error ends the stream after being yielded.
pub(crate) fn items<P, E>(pages: PaginationStream<Result<P, E>>) -> PaginationStream<Result<P::Item, E>>
where
    P: Page + 'static,
    E: 'static,
{
    let items_of: fn(P) -> Vec<P::Item> = P::into_items;
    struct Items<P, T, E> {
        pages: PaginationStream<Result<P, E>>,
        buffer: VecDeque<T>,
        items_of: fn(P) -> Vec<T>,
    }
    impl<P, T, E> Unpin for Items<P, T, E> {}
    impl<P, T, E> Stream for Items<P, T, E> {
        type Item = Result<T, E>;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            loop {
                if let Some(item) = self.buffer.pop_front() {
                    return Poll::Ready(Some(Ok(item)));
                }
                match Pin::new(&mut self.pages).poll_next(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Some(Ok(page))) => {
                        let items = (self.items_of)(page);
                        self.buffer.extend(items);
                    }
                }
            }
        }
    }
    PaginationStream::new(Items { pages, buffer: VecDeque::new(), items_of })
}
