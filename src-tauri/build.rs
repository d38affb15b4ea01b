//! Embeds tauri.conf.json, the capabilities and the built UI (`../ui/dist`) into the binary.

fn main() {
    tauri_build::build();
}
