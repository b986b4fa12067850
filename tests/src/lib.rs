//! Shared set-up for the workspace's integration tests.

use lastfm_api::Client;
use lastfm_server::Server;

pub const API_KEY: &str = "0123456789abcdef0123456789abcdef";
pub const API_SECRET: &str = "fedcba9876543210-test-secret";
pub const USER: &str = "alice";
pub const PASSWORD: &str = "correct horse battery staple";

/// An offline server with one API key and one user, and a client pointed at it.
pub async fn server_and_client() -> (Server, Client) {
    let server = Server::builder()
        .api_key(API_KEY, API_SECRET)
        .user(USER, PASSWORD)
        .start()
        .await
        .expect("the offline server starts");
    let client = client_for(&server, API_KEY, API_SECRET);
    (server, client)
}

pub fn client_for(server: &Server, key: &str, secret: &str) -> Client {
    Client::builder()
        .api_key(key)
        .api_secret(secret)
        .base_url(server.base_url())
        .auth_page(server.auth_page())
        .build()
        .expect("a valid client configuration")
}
