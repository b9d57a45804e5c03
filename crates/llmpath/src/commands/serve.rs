//! `llmpath serve [--port N] [--bind ADDR] [--open]`: the local dashboard (`llmpath-web`) on
//! the same progress database as every other command, until Ctrl-C.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::{Command, Stdio};
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;
use llmpath_web::{Dashboard, HostCheck, Now, Options};

use crate::app::{App, Clock};

pub fn run(app: &App, port: u16, bind: IpAddr, open: bool) -> Result<()> {
    // Opening the store first creates the home folder and the database, with the messages the
    // other commands give when that fails.
    drop(app.store()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the dashboard's async runtime")?;
    runtime.block_on(serve(app, port, bind, open))
}

async fn serve(app: &App, port: u16, bind: IpAddr, open: bool) -> Result<()> {
    let listener = tokio::net::TcpListener::bind((bind, port))
        .await
        .with_context(|| {
            format!(
                "cannot listen on {}: is another `llmpath serve` running? Choose another --port (--port 0 takes any free one)",
                SocketAddr::new(bind, port)
            )
        })?;
    let address = listener.local_addr()?;
    if !llmpath_web::is_loopback(bind) {
        eprintln!(
            "{}",
            app.t(
                &format!(
                    "警告：仪表盘监听在 {address}，能访问这台机器的任何人都能查看并修改你的学习进度（仪表盘没有登录）。只在本机使用时请去掉 --bind。"
                ),
                &format!(
                    "warning: the dashboard listens on {address}: anyone who can reach this machine can read and change your progress (the dashboard has no login). Leave out --bind to keep it on this machine."
                ),
            )
        );
    }
    let start = Clock::read()?;
    let clock = Arc::new(move || match Clock::read() {
        Ok(clock) => Now {
            now: clock.now,
            offset: clock.offset,
        },
        Err(_) => Now {
            now: Utc::now(),
            offset: start.offset,
        },
    });
    let dashboard = Dashboard::open(
        app.curriculum.clone(),
        Options {
            database: app.database_path()?,
            default_lang: app.lang,
            clock,
            hosts: HostCheck {
                bind,
                port: address.port(),
            },
        },
    )
    .context("cannot open the progress database for the dashboard")?;
    let url = url(address);
    outln!("{} {url}", app.t("llmpath 仪表盘：", "llmpath dashboard:"));
    std::io::stdout().flush()?;
    eprintln!("{}", app.t("按 Ctrl-C 停止。", "Press Ctrl-C to stop."));
    if open && !open_browser(&url) {
        eprintln!(
            "{} {url}",
            app.t(
                "没有找到打开浏览器的程序：请手动打开",
                "No program to open a browser was found: open"
            )
        );
    }
    llmpath_web::serve(listener, dashboard.router(), shutdown())
        .await
        .context("the dashboard stopped with an error")?;
    eprintln!("{}", app.t("仪表盘已停止。", "Dashboard stopped."));
    Ok(())
}

/// The address to open: an unspecified bind (0.0.0.0, ::) is reached through loopback.
fn url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

/// Completes on Ctrl-C (or SIGTERM): the server then finishes the requests in flight.
async fn shutdown() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Opens `url` with the system's opener, if there is one; never fails the command.
fn open_browser(url: &str) -> bool {
    let openers: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else {
        &[
            ("xdg-open", &[]),
            ("gio", &["open"]),
            ("sensible-browser", &[]),
        ]
    };
    for (program, args) in openers {
        let child = Command::new(program)
            .args(*args)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(mut child) = child {
            // Reap it when it exits, without holding up the server.
            std::thread::spawn(move || child.wait());
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_bind_is_opened_through_loopback() {
        let any: SocketAddr = "0.0.0.0:8737".parse().expect("addr");
        assert_eq!(url(any), "http://127.0.0.1:8737/");
        let v6: SocketAddr = "[::1]:9000".parse().expect("addr");
        assert_eq!(url(v6), "http://[::1]:9000/");
    }
}
