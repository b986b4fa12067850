//! Fault injection: the next calls of a method fail in a chosen way, so
//! that tests can see what a client does when the network misbehaves.
//!
//! A faulted call never reaches the service: its write is not applied (as
//! when a request is lost on the way), except under
//! [`Fault::ResetMidBody`], where the answer is lost on the way back. Every
//! faulted call is recorded in the request log, with the fault, so tests
//! can count attempts.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use futures_util::StreamExt;

use crate::conn::ResetOnClose;
use crate::protocol::{self, Failure};

/// One way for a call to fail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `<lfm status="failed">` with this code, at the HTTP status the service
    /// uses for it (429 and 503 carry `Retry-After: 1`).
    ApiError(u32),
    /// This HTTP status with an HTML page, as a proxy or load balancer sends.
    HttpStatus(u16),
    /// HTTP 200 with an XML body cut off in the middle.
    Truncated,
    /// The connection drops after the status line, before the body.
    Reset,
    /// The service answers the call (a write is applied), the headers
    /// declare the answer's full `Content-Length`, half of the body is sent,
    /// then the connection is reset: an answer lost on its way back, the
    /// ambiguous failure after which a client cannot know whether its write
    /// happened.
    ResetMidBody,
    /// No answer for this long, then the connection closes: beyond a
    /// client's time-out, a time-out.
    Delay(Duration),
    /// HTTP 200 with a body that is not XML at all.
    Garbage,
}

impl Fault {
    pub(crate) fn describe(&self) -> String {
        match self {
            Fault::ApiError(code) => format!("api error {code}"),
            Fault::HttpStatus(status) => format!("http {status}"),
            Fault::Truncated => "truncated body".into(),
            Fault::Reset => "connection reset".into(),
            Fault::ResetMidBody => "connection reset mid-body".into(),
            Fault::Delay(d) => format!("delay {} ms", d.as_millis()),
            Fault::Garbage => "garbage body".into(),
        }
    }

    /// The answer the fault stands for; `answer` runs the call itself (for
    /// the faults that let it reach the service), `connection` is the one
    /// the call came on, `json` whether it asked for `format=json`.
    pub(crate) async fn respond(
        self,
        messages: impl Fn(u32) -> String,
        answer: impl FnOnce() -> (u16, String),
        connection: ResetOnClose,
        json: bool,
    ) -> Response {
        let retry_after = |status: u16| matches!(status, 429 | 503).then_some("1");
        match self {
            Fault::ApiError(code) => {
                let status = protocol::http_status(code);
                let xml = protocol::failed_body(&Failure::new(code, messages(code)));
                let (content_type, body) = crate::json::render(json, xml);
                let mut response = (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                    [(header::CONTENT_TYPE, content_type)],
                    body,
                )
                    .into_response();
                if let Some(wait) = retry_after(status) {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static(wait));
                }
                response
            }
            Fault::HttpStatus(status) => {
                let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
                let page = format!(
                    "<html>\r\n<head><title>{code}</title></head>\r\n<body>\r\n<center><h1>{code}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
                );
                let mut response =
                    (code, [(header::CONTENT_TYPE, "text/html")], page).into_response();
                if let Some(wait) = retry_after(status) {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static(wait));
                }
                response
            }
            Fault::Truncated => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n<track>\n<name>Believe</na",
            )
                .into_response(),
            Fault::Reset => {
                // A body stream that fails: the server aborts the connection.
                let broken = futures_util::stream::once(async {
                    Err::<axum::body::Bytes, _>(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "injected reset",
                    ))
                });
                (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                    Body::from_stream(broken),
                )
                    .into_response()
            }
            Fault::ResetMidBody => {
                let (status, xml) = answer();
                let (content_type, body) = crate::json::render(json, xml);
                cut_off(status, content_type, body, connection)
            }
            Fault::Delay(wait) => {
                tokio::time::sleep(wait).await;
                StatusCode::GATEWAY_TIMEOUT.into_response()
            }
            Fault::Garbage => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                &b"\x00\x9f\x92\x96 not xml at all \xff\xfe {\"lfm\": ["[..],
            )
                .into_response(),
        }
    }
}

/// [`Fault::ResetMidBody`]: `status` and the full length of `body` in the
/// headers, the first half of the body, then a reset of the connection.
fn cut_off(
    status: u16,
    content_type: &'static str,
    body: String,
    connection: ResetOnClose,
) -> Response {
    let length = body.len();
    let mut body = axum::body::Bytes::from(body);
    let head = body.split_to(length / 2);
    let parts = futures_util::stream::iter([Ok::<_, std::io::Error>(head)]).chain(
        futures_util::stream::once(async move {
            // Let the first half reach the client before the connection dies.
            tokio::time::sleep(Duration::from_millis(20)).await;
            connection.arm();
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected reset mid-body",
            ))
        }),
    );
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        Body::from_stream(parts),
    )
        .into_response()
}

/// The faults waiting for their calls, in order.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Vec<(String, VecDeque<Fault>)>,
}

impl Faults {
    pub(crate) fn add(&mut self, method: &str, fault: Fault, times: u32) {
        let entry = match self
            .queue
            .iter_mut()
            .find(|(m, _)| m.eq_ignore_ascii_case(method))
        {
            Some(entry) => entry,
            None => {
                self.queue.push((method.to_owned(), VecDeque::new()));
                self.queue.last_mut().expect("just pushed")
            }
        };
        entry.1.extend(std::iter::repeat_n(fault, times as usize));
    }

    /// The fault for this call of `method`, if one is waiting.
    pub(crate) fn take(&mut self, method: &str) -> Option<Fault> {
        self.queue
            .iter_mut()
            .find(|(m, _)| m.eq_ignore_ascii_case(method))
            .and_then(|(_, faults)| faults.pop_front())
    }
}
