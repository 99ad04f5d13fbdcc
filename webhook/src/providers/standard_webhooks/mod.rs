//! Not implemented yet: being written.
