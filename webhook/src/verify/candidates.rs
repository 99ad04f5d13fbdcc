//! The signatures a list header offers (Stripe's `v1=`s, Standard Webhooks' `v1,`s),
//! decoded and kept on the stack.

/// Up to `MAX` decoded `N`-byte signatures of one header, kept on the stack: the
/// first `MAX` are kept and the rest ignored, so an oversized header costs no more
/// than a full one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidates<const N: usize, const MAX: usize> {
    digests: [[u8; N]; MAX],
    len: usize,
}

impl<const N: usize, const MAX: usize> Candidates<N, MAX> {
    /// No signatures yet.
    #[inline]
    pub(crate) fn new() -> Self {
        Candidates {
            digests: [[0; N]; MAX],
            len: 0,
        }
    }

    /// Whether `MAX` signatures are kept already (later ones are ignored).
    #[inline]
    pub(crate) fn is_full(&self) -> bool {
        self.len == MAX
    }

    /// Keeps `digest` if there is room.
    #[inline]
    pub(crate) fn push(&mut self, digest: [u8; N]) {
        if let Some(slot) = self.digests.get_mut(self.len) {
            *slot = digest;
            self.len += 1;
        }
    }

    /// Whether no signature is kept.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The signatures kept, in header order.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[[u8; N]] {
        self.digests.get(..self.len).unwrap_or_default()
    }
}

impl<const N: usize, const MAX: usize> Extend<[u8; N]> for Candidates<N, MAX> {
    /// Keeps digests until `MAX` are kept; the iterator is not read further.
    fn extend<I: IntoIterator<Item = [u8; N]>>(&mut self, digests: I) {
        let mut digests = digests.into_iter();
        while !self.is_full() {
            let Some(digest) = digests.next() else {
                break;
            };
            self.push(digest);
        }
    }
}

impl<const N: usize, const MAX: usize> FromIterator<[u8; N]> for Candidates<N, MAX> {
    /// The first `MAX` digests; the iterator is not read further.
    fn from_iter<I: IntoIterator<Item = [u8; N]>>(digests: I) -> Self {
        let mut candidates = Candidates::new();
        candidates.extend(digests);
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_keep_the_first_max() {
        let mut candidates = Candidates::<1, 2>::new();
        assert!(candidates.as_slice().is_empty());
        candidates.push([1]);
        assert!(!candidates.is_full());
        candidates.push([2]);
        candidates.push([3]);
        assert!(candidates.is_full());
        assert_eq!(candidates.as_slice(), &[[1], [2]]);
        let collected: Candidates<1, 2> = (1..=9).map(|n| [n]).collect();
        assert_eq!(collected.as_slice(), &[[1], [2]]);
        let none: Candidates<1, 0> = (1..=9).map(|n| [n]).collect();
        assert!(none.as_slice().is_empty() && none.is_full());
    }
}
