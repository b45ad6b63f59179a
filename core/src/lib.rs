//! # vpc-core — the AWS VPC packet pipeline
//!
//! Data flows one way:
//!
//! ```text
//! import/edit ──► model ──► validate ──► compile ──► forward ──► trace ──► render (web) / print (cli)
//! ```
//!
//! - [`model`]: what is configured, plain data with AWS's field names.
//! - [`dataplane`]: the compiled lookup tables and the [`dataplane::Simulator`], which sends a [`Probe`]
//!   through the components in the order of aws-semantics §0.1 and returns a [`trace::Exchange`].
//! - [`trace`]: the one contract every view renders.
//!
//! The crate is `no_std` + `alloc`, does no IO, and never panics on any input: every failure is an
//! [`Error`] value naming the resource, the field and the rule.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod dataplane;
pub mod edit;
pub mod error;
pub mod formats;
pub mod model;
pub mod packet;
pub mod reach;
pub mod reason;
pub mod rules;
pub mod trace;
pub mod validate;

pub use dataplane::{Probe, Simulator};
pub use error::Error;
pub use model::Topology;
