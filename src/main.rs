//! The Agora app's entry point: a panic hook that keeps the page usable, then the app.

fn main() {
    agora_web::app::install_panic_hook();
    yew::Renderer::<agora_web::app::App>::new().render();
}
