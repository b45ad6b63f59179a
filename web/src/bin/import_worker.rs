//! The import worker's entry point (see `web::import_worker`).

fn main() {
    web::import_worker::serve();
}
