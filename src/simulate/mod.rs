//! A simulator of realistic, fictional incidents, written as real export formats.
