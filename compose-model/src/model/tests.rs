use std::fmt::Write as _;

use super::*;
use crate::Spanned;
use crate::yaml;

fn load(text: &str) -> (ComposeFile, Vec<ModelError>) {
    let parse = yaml::parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    ComposeFile::from_yaml(&parse.tree, text)
}

fn load_ok(text: &str) -> ComposeFile {
    let (file, errors) = load(text);
    assert!(errors.is_empty(), "{errors:?}");
    file
}

fn load_with(text: &str, vars: &[(&str, &str)]) -> (ComposeFile, Vec<ModelError>) {
    let parse = yaml::parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let lookup = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    };
    ComposeFile::load(&parse.tree, text, Some(&lookup))
}

/// `value @ "source slice"` for a spanned string.
fn at<T: std::fmt::Display>(text: &str, s: &Spanned<T>) -> String {
    format!("{} @ {:?}", s.value, &text[s.range])
}

#[test]
fn service_fields_keep_values_and_ranges() {
    let text = "\
services:
  web:
    image: nginx:1.27
    container_name: web-1
    hostname: web
    build:
      context: ./web
      dockerfile: Dockerfile.dev
      args:
        - VERSION=1
        - FLAG
      additional_contexts:
        base: service:basebuild
      secrets: [npmrc]
    depends_on:
      db:
        condition: service_healthy
        required: false
    links: [\"cache:redis\", queue]
    volumes_from: [\"data:ro\", \"container:ext\"]
    network_mode: \"service:vpn\"
    ipc: host
    networks:
      back:
        aliases: [api]
    expose: [\"3000\", 9000]
    env_file: [.env, {path: ./opt.env, required: false}]
    environment:
      A: 1
      B:
    labels: [\"com.x=y\"]
    profiles: [debug]
    secrets: [s1, {source: s2, target: /run/s2}]
    configs: [{source: c1}]
    command: [\"npm\", \"start\"]
    x-note: hi
";
    let file = load_ok(text);
    let web = file.service("web").unwrap();
    assert_eq!(&text[web.entry_range][..5], "web:\n");
    assert_eq!(web.image.as_ref().unwrap().as_str(), "nginx:1.27");
    assert_eq!(&text[web.container_name.as_ref().unwrap().range()], "web-1");
    let build = web.build.as_ref().unwrap();
    assert_eq!(build.context.as_ref().unwrap().as_str(), "./web");
    assert_eq!(
        build.dockerfile.as_ref().unwrap().as_str(),
        "Dockerfile.dev"
    );
    let args: Vec<_> = build
        .args
        .iter()
        .map(|a| (a.name(), a.value.as_ref().map(Text::as_str)))
        .collect();
    assert_eq!(args, [("VERSION", Some("1")), ("FLAG", None)]);
    assert_eq!(&text[build.args[0].key.range()], "VERSION");
    assert_eq!(&text[build.args[0].value.as_ref().unwrap().range()], "1");
    assert_eq!(build.secrets[0].source.as_ref().unwrap().as_str(), "npmrc");

    let dep = &web.depends_on[0];
    assert_eq!(dep.service.as_str(), "db");
    assert_eq!(dep.condition.as_ref().unwrap().as_str(), "service_healthy");
    assert!(!dep.is_required());
    assert!(text[dep.range].starts_with("db:\n") && text[dep.range].ends_with("false"));

    assert_eq!(at(text, &web.links()[0].service), "cache @ \"cache\"");
    assert_eq!(
        at(text, web.links()[0].alias.as_ref().unwrap()),
        "redis @ \"redis\""
    );
    assert!(web.links()[1].alias.is_none());
    assert!(
        matches!(&web.volumes_from()[0].source, VolumesFromSource::Service(s) if s.value == "data")
    );
    assert_eq!(web.volumes_from()[0].mode.as_ref().unwrap().value, "ro");
    assert!(
        matches!(&web.volumes_from()[1].source, VolumesFromSource::Container(s) if at(text, s) == "ext @ \"ext\"")
    );

    let network = &web.networks[0];
    assert_eq!(network.name.as_str(), "back");
    assert_eq!(network.aliases[0].as_str(), "api");
    let expose: Vec<_> = web.expose.iter().map(Text::as_str).collect();
    assert_eq!(expose, ["3000", "9000"]);
    assert_eq!(web.env_file.len(), 2);
    assert!(web.env_file[0].is_required() && !web.env_file[1].is_required());
    assert_eq!(web.env_file[1].path.as_str(), "./opt.env");
    let env: Vec<_> = web
        .environment
        .iter()
        .map(|e| (e.name(), e.value.as_ref().map(Text::as_str)))
        .collect();
    assert_eq!(env, [("A", Some("1")), ("B", None)]);
    assert_eq!(web.labels[0].name(), "com.x");
    assert_eq!(web.labels[0].value.as_ref().unwrap().as_str(), "y");
    assert_eq!(web.profiles()[0].as_str(), "debug");
    assert_eq!(
        web.secrets()[1].target.as_ref().unwrap().as_str(),
        "/run/s2"
    );
    assert!(web.configs()[0].long);
    assert_eq!(web.field("command").unwrap().items().len(), 2);
    assert!(web.field("x-note").is_some());
    assert_eq!(
        web.key("image").map(|k| &text[k.entry_range]),
        Some("image: nginx:1.27")
    );

    let refs: Vec<String> = web
        .service_refs()
        .iter()
        .map(|r| format!("{:?} {}", r.kind, at(text, &r.name)))
        .collect();
    assert_eq!(
        refs,
        [
            "DependsOn db @ \"db\"",
            "Link cache @ \"cache\"",
            "Link queue @ \"queue\"",
            "VolumesFrom data @ \"data\"",
            "NetworkMode vpn @ \"vpn\"",
            "AdditionalContext basebuild @ \"basebuild\"",
        ]
    );
}

#[test]
fn wrong_types_are_errors_with_paths() {
    let (_, errors) =
        load("services:\n  web:\n    ports: 80\n    environment: 5\n    depends_on: db\n");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "`services.web.ports` must be a sequence, found a scalar",
            "`services.web.environment` must be a mapping or a sequence, found a scalar",
            "`services.web.depends_on` must be a sequence, found a scalar",
        ]
    );
    let (file, errors) = load("services: []\nvolumes: 3\n");
    assert!(file.services.is_empty());
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0].to_string(),
        "`services` must be a mapping, found a sequence"
    );
    let (_, errors) = load("- a\n");
    assert_eq!(
        errors[0].to_string(),
        "`(top level)` must be a mapping, found a sequence"
    );
}

#[test]
fn merged_anchor_values_keep_the_anchor_range() {
    let text = "\
x-common: &common
  volumes:
    - data:/data
  environment: &env
    LEVEL: debug
services:
  a:
    <<: *common
    image: x
  b:
    environment: *env
volumes:
  data:
";
    let file = load_ok(text);
    let a = file.service("a").unwrap();
    let mount = &a.volumes[0];
    let volume = mount.volume_name().unwrap();
    assert_eq!(at(text, &volume), "data @ \"data\"");
    // The range points into the anchor's text, before `services:`.
    assert!(volume.range.start() < file.key_range("services").unwrap().start());
    assert!(a.key("volumes").unwrap().merged());
    let b = file.service("b").unwrap();
    assert_eq!(b.environment[0].value.as_ref().unwrap().as_str(), "debug");
    assert_eq!(file.extensions[0].key.as_str(), "x-common");
}

#[test]
fn ports_short_and_long() {
    let text = "\
services:
  web:
    ports:
      - 80
      - \"8080:80\"
      - 127.0.0.1:8081:81/udp
      - \"[::1]:8082:82\"
      - \"::1:8083:83\"
      - 8000-8010:90-100
      - 127.0.0.1::84
      - target: 85
        published: \"8085\"
        host_ip: 0.0.0.0
        protocol: tcp
        mode: host
";
    let file = load_ok(text);
    let ports = &file.services[0].ports;
    let show = |p: &Port| {
        let part = |s: Option<Spanned<&str>>| s.map_or("-".to_owned(), |s| at(text, &s));
        format!(
            "ip={} published={} target={} proto={}",
            part(p.host_ip()),
            part(p.published()),
            part(p.target()),
            part(p.protocol_spanned())
        )
    };
    let shown: Vec<String> = ports.iter().map(show).collect();
    assert_eq!(
        shown,
        [
            "ip=- published=- target=80 @ \"80\" proto=-",
            "ip=- published=8080 @ \"8080\" target=80 @ \"80\" proto=-",
            "ip=127.0.0.1 @ \"127.0.0.1\" published=8081 @ \"8081\" target=81 @ \"81\" proto=udp @ \"udp\"",
            "ip=::1 @ \"::1\" published=8082 @ \"8082\" target=82 @ \"82\" proto=-",
            "ip=::1 @ \"::1\" published=8083 @ \"8083\" target=83 @ \"83\" proto=-",
            "ip=- published=8000-8010 @ \"8000-8010\" target=90-100 @ \"90-100\" proto=-",
            "ip=127.0.0.1 @ \"127.0.0.1\" published= @ \"\" target=84 @ \"84\" proto=-",
            "ip=0.0.0.0 @ \"0.0.0.0\" published=8085 @ \"\\\"8085\\\"\" target=85 @ \"85\" proto=tcp @ \"tcp\"",
        ]
    );
    assert_eq!(ports[5].target_ports(), Some((90, 100)));
    assert_eq!(ports[5].published_ports(), Some((8000, 8010)));
    assert_eq!(ports[2].protocol(), "udp");
    assert_eq!(ports[0].protocol(), "tcp");
    assert_eq!(ports[7].mode().unwrap().value, "host");
    assert!(ports[7].short().is_none() && ports[7].name().is_none());
}

#[test]
fn invalid_short_ports_are_errors_unless_variables_are_uninterpolated() {
    let (_, errors) = load("services:\n  web:\n    ports: [\"80:x\", \"${P}:80\"]\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        "`services.web.ports[0]`: invalid port `80:x`"
    );
}

#[test]
fn volumes_short_and_long() {
    let text = "\
services:
  web:
    volumes:
      - data:/data
      - ./src:/app:ro
      - /var/run/docker.sock:/var/run/docker.sock
      - ~/cfg:/cfg
      - /anon
      - C:\\data:/win
      - type: volume
        source: logs
        target: /logs
      - type: bind
        source: ./conf
        target: /conf
        read_only: true
      - type: tmpfs
        target: /tmp
";
    let file = load_ok(text);
    let show: Vec<String> = file.services[0]
        .volumes
        .iter()
        .map(|m| {
            format!(
                "{:?} {} -> {}{}",
                m.kind(),
                m.source().map_or("-", |s| s.value),
                m.target().map_or("-", |s| s.value),
                if m.read_only() { " ro" } else { "" }
            )
        })
        .collect();
    assert_eq!(
        show,
        [
            "Volume data -> /data",
            "Bind ./src -> /app ro",
            "Bind /var/run/docker.sock -> /var/run/docker.sock",
            "Bind ~/cfg -> /cfg",
            "Volume - -> /anon",
            "Bind C:\\data -> /win",
            "Volume logs -> /logs",
            "Bind ./conf -> /conf ro",
            "Tmpfs - -> /tmp",
        ]
    );
    let volumes = &file.services[0].volumes;
    assert_eq!(
        at(text, &volumes[0].volume_name().unwrap()),
        "data @ \"data\""
    );
    assert_eq!(
        at(text, &volumes[6].volume_name().unwrap()),
        "logs @ \"logs\""
    );
    assert!(volumes[1].volume_name().is_none());
}

#[test]
fn empty_volume_source_is_an_error() {
    let (_, errors) = load_with(
        "services:\n  web:\n    volumes:\n      - ${DATA_DIR}:/data\n",
        &[],
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .contains("empty section between colons")
    );
}

#[test]
fn depends_on_list_extends_and_modes() {
    let text = "\
services:
  a:
    extends: base
    depends_on: [b]
    pid: \"service:init\"
  c:
    extends:
      service: web
      file: common.yaml
";
    let file = load_ok(text);
    let a = file.service("a").unwrap();
    assert_eq!(
        a.extends()
            .as_ref()
            .unwrap()
            .service
            .as_ref()
            .unwrap()
            .as_str(),
        "base"
    );
    let kinds: Vec<_> = a
        .service_refs()
        .iter()
        .map(|r| (r.kind, r.name.value.as_str().to_owned()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ServiceRefKind::DependsOn, "b".to_owned()),
            (ServiceRefKind::Pid, "init".to_owned()),
            (ServiceRefKind::Extends, "base".to_owned()),
        ]
    );
    let c = file.service("c").unwrap();
    assert_eq!(
        c.extends()
            .as_ref()
            .unwrap()
            .file
            .as_ref()
            .unwrap()
            .as_str(),
        "common.yaml"
    );
    assert!(c.service_refs().is_empty());
}

#[test]
fn top_level_resources_and_include() {
    let text = "\
include:
  - ./a/compose.yaml
  - path: [./b.yaml, ./b.override.yaml]
    project_directory: ./b
    env_file: ./b/.env
volumes:
  data:
  ext:
    external: true
    name: real-name
networks:
  old:
    external:
      name: legacy
  front:
    driver: bridge
secrets:
  s:
    file: ./s.txt
configs:
  c:
    environment: CFG
name: demo
";
    let file = load_ok(text);
    assert_eq!(file.include.len(), 2);
    assert_eq!(file.include[0].paths[0].as_str(), "./a/compose.yaml");
    assert_eq!(file.include[1].paths.len(), 2);
    assert_eq!(
        file.include[1].project_directory.as_ref().unwrap().as_str(),
        "./b"
    );
    assert_eq!(file.include[1].env_file[0].as_str(), "./b/.env");
    let volumes: Vec<_> = file
        .volumes
        .iter()
        .map(|v| (v.name.value.as_str(), v.is_external()))
        .collect();
    assert_eq!(volumes, [("data", false), ("ext", true)]);
    assert_eq!(&text[file.volumes[0].entry_range], "data:");
    assert_eq!(
        file.volumes[1].explicit_name().unwrap().as_str(),
        "real-name"
    );
    assert!(file.networks[0].is_external());
    assert_eq!(file.networks[0].external_name().unwrap().as_str(), "legacy");
    assert_eq!(file.networks[1].driver().unwrap().as_str(), "bridge");
    assert_eq!(file.secrets[0].file().unwrap().as_str(), "./s.txt");
    assert_eq!(file.configs[0].environment().unwrap().as_str(), "CFG");
    assert_eq!(file.name.as_ref().unwrap().as_str(), "demo");
}

#[test]
fn interpolation_keeps_raw_value_and_reference_ranges() {
    let text = "\
services:
  web:
    image: ${REG:-docker.io}/app:$TAG
    container_name: '${NAME}'
    hostname: \"h-${HOST}\\t\"
    environment:
      - URL=http://${HOST}:80
    labels:
      \"$KEY\": v
      multi: |
        ${BLOCK}
";
    let vars = [
        ("TAG", "1.0"),
        ("NAME", "n"),
        ("HOST", "db"),
        ("BLOCK", "b"),
    ];
    let (file, errors) = load_with(text, &vars);
    assert!(errors.is_empty(), "{errors:?}");
    let web = &file.services[0];
    let image = web.image.as_ref().unwrap();
    assert_eq!(image.raw.value, "${REG:-docker.io}/app:$TAG");
    assert_eq!(image.as_str(), "docker.io/app:1.0");
    let refs: Vec<&str> = image.vars().iter().map(|v| &text[v.range]).collect();
    assert_eq!(refs, ["${REG:-docker.io}", "$TAG"]);
    // Single-quoted, written byte for byte: exact ranges.
    let name = web.container_name.as_ref().unwrap();
    assert_eq!(name.as_str(), "n");
    assert_eq!(&text[name.vars()[0].range], "${NAME}");
    assert_eq!(&text[name.vars()[0].name_range], "NAME");
    // Double-quoted with an escape: the whole scalar's range.
    let host = web.hostname().unwrap();
    assert_eq!(host.as_str(), "h-db\t");
    assert_eq!(host.vars()[0].range, host.range());
    // A list entry is interpolated whole, then split; its value part keeps exact ranges.
    let url = web.environment[0].value.as_ref().unwrap();
    assert_eq!(url.as_str(), "http://db:80");
    assert_eq!(url.raw.value, "http://${HOST}:80");
    assert_eq!(&text[url.vars()[0].range], "${HOST}");
    // Keys are never interpolated.
    assert_eq!(web.labels[0].name(), "$KEY");
    assert!(web.labels[0].key.vars().is_empty());
    let block = web.labels[1].value.as_ref().unwrap();
    assert_eq!(block.as_str(), "b\n");
    assert_eq!(block.vars()[0].range, block.range());
}

#[test]
fn without_lookup_values_stay_raw() {
    let file = load_ok("services:\n  web:\n    image: app:${TAG:-1}\n");
    let image = file.services[0].image.as_ref().unwrap();
    assert_eq!(image.as_str(), "app:${TAG:-1}");
    assert_eq!(image.vars()[0].name, "TAG");
}

#[test]
fn invalid_interpolation_is_an_error_at_the_reference() {
    let text = "services:\n  web:\n    image: app:${TAG/x}\n";
    let (_, errors) = load(text);
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0], ModelError::Interpolation { .. }));
    assert!(text[errors[0].range()].starts_with("${TAG"));
}

#[test]
fn alias_bomb_in_an_extension_is_bounded() {
    let mut text = String::from("x-l0: &l0 [lol]\n");
    for i in 1..=9 {
        let aliases = vec![format!("*l{}", i - 1); 10].join(", ");
        writeln!(text, "x-l{i}: &l{i} [{aliases}]").unwrap();
    }
    text.push_str("services:\n  web:\n    image: x\n");
    let (file, errors) = load(&text);
    assert!(!errors.is_empty());
    assert_eq!(file.services.len(), 1);
}

#[test]
fn keys_keep_their_ranges() {
    let text = "\
x-base: &base
  restart: always
services:
  web:
    <<: *base
    \"image\": nginx
    &k hostname: web
    'pid': host
    ports: !reset []
";
    let file = load_ok(text);
    let web = &file.services[0];
    let shown = |name: &str| {
        let k = web.key(name).unwrap();
        (
            k.name().value.to_owned(),
            &text[k.range()],
            &text[k.entry_range],
            k.merged(),
            k.tag().map(|t| t.value.clone()),
        )
    };
    assert_eq!(
        shown("restart"),
        (
            "restart".to_owned(),
            "restart",
            "restart: always",
            true,
            None
        )
    );
    assert_eq!(
        shown("image"),
        (
            "image".to_owned(),
            "\"image\"",
            "\"image\": nginx",
            false,
            None
        )
    );
    assert_eq!(
        shown("hostname"),
        (
            "hostname".to_owned(),
            "hostname",
            "&k hostname: web",
            false,
            None
        )
    );
    assert_eq!(
        shown("pid"),
        ("pid".to_owned(), "'pid'", "'pid': host", false, None)
    );
    assert_eq!(
        shown("ports"),
        (
            "ports".to_owned(),
            "ports",
            "ports: !reset []",
            false,
            Some("!reset".to_owned())
        )
    );
}

#[test]
fn keys_keep_their_order_and_typed_fields_are_never_extra() {
    let mut text = String::from("x-b: &b\n  restart: always\nservices:\n  web:\n    <<: *b\n");
    for name in super::service::SERVICE_FIELDS {
        writeln!(text, "    {name}:").unwrap();
        writeln!(text, "    x-{name}: 1").unwrap();
    }
    let (file, _) = load(&text);
    let web = &file.services[0];
    let names: Vec<String> = web.keys().map(|k| k.as_str().to_owned()).collect();
    let mut expected = vec!["restart".to_owned()];
    for name in super::service::SERVICE_FIELDS {
        expected.push((*name).to_owned());
        expected.push(format!("x-{name}"));
    }
    assert_eq!(names, expected);
    // Every typed key went into its own field: the extras are the others, in order.
    let extra: Vec<&str> = web.extra.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(extra[0], "restart");
    assert_eq!(extra.len(), 1 + super::service::SERVICE_FIELDS.len());
    assert!(extra[1..].iter().all(|k| k.starts_with("x-")));
    // Each key still knows where it is.
    for key in web.keys() {
        assert_eq!(&text[key.range()], key.as_str());
        assert_eq!(key.merged(), key.as_str() == "restart");
    }
}

#[test]
fn aliased_generic_values_are_shared_and_checked_per_use() {
    let text = "\
x-log: &log
  driver: json-file
  options: {max-size: 10m}
services:
  a:
    logging: *log
    healthcheck: &hc
      test: [\"CMD\", \"${BAD\"]
  b:
    logging: *log
    healthcheck: *hc
";
    let (file, errors) = load(text);
    let (a, b) = (&file.services[0], &file.services[1]);
    let (Some(Any::Mapping(log_a)), Some(Any::Mapping(log_b))) =
        (a.field("logging"), b.field("logging"))
    else {
        panic!("logging is a mapping");
    };
    // One copy, with the anchored text's ranges.
    assert_eq!(log_a, log_b);
    assert!(std::ptr::eq(log_a.value.as_ptr(), log_b.value.as_ptr()));
    assert_eq!(
        &text[log_a.range].lines().next(),
        &Some("driver: json-file")
    );
    let driver = log_b.value[0].value.as_text().unwrap();
    assert_eq!(&text[driver.range()], "json-file");
    // A value with an error is built, and reported, at each use.
    let paths: Vec<String> = errors
        .iter()
        .map(|e| match e {
            ModelError::Interpolation { path, .. } => path.clone(),
            other => other.to_string(),
        })
        .collect();
    assert_eq!(
        paths,
        [
            "services.a.healthcheck.test[1]",
            "services.b.healthcheck.test[1]"
        ]
    );
}

// ---- project merge (expectations observed with `docker compose -f base -f over config`) ----

const BASE: &str = "\
services:
  web:
    image: nginx
    ports: [\"8080:80\", \"443:443\"]
    expose: [\"3000\"]
    volumes: [\"./a:/data\", \"logs:/logs\"]
    environment: [A=1, B=2]
    labels: {x: \"1\"}
    depends_on: [db]
    links: [db]
    networks:
      back:
        aliases: [one]
    secrets: [s1]
    profiles: [p1]
    command: [\"a\", \"b\"]
    healthcheck:
      test: [\"CMD\", \"x\"]
  db:
    image: postgres
    environment: {K: v}
    ports: [\"5432:5432\"]
";

const OVERRIDE: &str = "\
services:
  web:
    ports: [\"9090:80\"]
    expose: [\"3000\", \"4000\"]
    volumes: [\"./b:/data\"]
    environment: {B: 3, C: 4}
    labels: [\"y=2\"]
    depends_on:
      db:
        condition: service_healthy
    links: [db:database]
    networks:
      back:
        aliases: [two]
    secrets: [{source: s2, target: s1}]
    profiles: [p2]
    command: [\"c\"]
  db:
    environment: !reset {}
    ports: !override [\"5433:5432\"]
    image: mysql
  cache:
    image: redis
";

#[test]
fn project_merge_follows_compose_override_rules() {
    let files = [load_ok(BASE), load_ok(OVERRIDE)];
    let project = Project::merge(&files);
    let names: Vec<&str> = project.services.iter().map(|s| s.name).collect();
    assert_eq!(names, ["web", "db", "cache"]);
    let web = project.service("web").unwrap();
    let image = web.image().unwrap();
    assert_eq!((image.file_index, image.as_str()), (0, "nginx"));
    let ports: Vec<(usize, &str)> = web
        .ports()
        .iter()
        .map(|p| (p.file_index, p.short().unwrap().as_str()))
        .collect();
    assert_eq!(ports, [(0, "8080:80"), (0, "443:443"), (1, "9090:80")]);
    let expose: Vec<&str> = web.expose().iter().map(|e| e.as_str()).collect();
    assert_eq!(expose, ["3000", "4000"]);
    let volumes: Vec<(usize, &str)> = web
        .volumes()
        .iter()
        .map(|v| (v.file_index, v.short().unwrap().as_str()))
        .collect();
    assert_eq!(volumes, [(1, "./b:/data"), (0, "logs:/logs")]);
    let env: Vec<(usize, &str, &str)> = web
        .environment()
        .iter()
        .map(|e| (e.file_index, e.name(), e.value.as_ref().unwrap().as_str()))
        .collect();
    assert_eq!(env, [(0, "A", "1"), (1, "B", "3"), (1, "C", "4")]);
    let labels: Vec<&str> = web.labels().iter().map(|l| l.name()).collect();
    assert_eq!(labels, ["x", "y"]);
    assert_eq!(web.depends_on().len(), 1);
    let dep = web.depends_on().get(0).unwrap();
    assert_eq!(dep.file_index, 1);
    assert_eq!(dep.condition.as_ref().unwrap().as_str(), "service_healthy");
    let links: Vec<&str> = web.links().iter().map(|l| l.text.as_str()).collect();
    assert_eq!(links, ["db", "db:database"]);
    assert_eq!(web.network_names(), ["back"]);
    let aliases: Vec<&str> = web
        .networks()
        .iter()
        .flat_map(|n| n.aliases.iter().map(Text::as_str))
        .collect();
    assert_eq!(aliases, ["one", "two"]);
    let secrets: Vec<&str> = web
        .secrets()
        .iter()
        .map(|s| s.source.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(secrets, ["s1", "s2"]);
    assert!(web.is_enabled(&["p2"]) && !web.is_enabled(&[]));
    let commands: Vec<usize> = web.field("command").map(|f| f.file_index).collect();
    assert_eq!(commands, [1]);
    assert_eq!(web.field("healthcheck").count(), 1);

    let db = project.service("db").unwrap();
    assert!(db.environment().is_empty());
    let db_ports: Vec<&str> = db
        .ports()
        .iter()
        .map(|p| p.short().unwrap().as_str())
        .collect();
    assert_eq!(db_ports, ["5433:5432"]);
    assert_eq!(db.image().unwrap().as_str(), "mysql");
    assert_eq!(
        project.definition(&db.definitions()[1]).unwrap().name.value,
        "db"
    );
    assert!(project.uses_default_network(&[]));
}

#[test]
fn a_service_defined_once_is_read_from_its_definition() {
    let text = "\
services:
  web:
    image: nginx
    environment: [A=1, B=2]
    ports: [\"80:80\"]
  dup:
    environment: [A=1, A=2]
    ports: [\"80:80\", \"80:80\"]
  reset:
    image: !reset nginx
";
    let files = [load_ok(text)];
    let project = Project::merge(&files);
    // As written: the merged view hands out the definition's own values.
    let web = project.service("web").unwrap();
    let def = &files[0].services[0];
    assert!(std::ptr::eq(
        web.image().unwrap().item,
        def.image.as_ref().unwrap()
    ));
    let env = web.environment();
    assert_eq!((env.len(), env.get(1).unwrap().file_index), (2, 0));
    assert!(std::ptr::eq(
        env.get(1).unwrap().item,
        &raw const def.environment[1]
    ));
    assert_eq!(web.definitions(), [InFile::new(0, 0)]);
    // Duplicates and `!reset` within one definition merge as compose merges them.
    let dup = project.service("dup").unwrap();
    let values: Vec<&str> = dup
        .environment()
        .iter()
        .map(|e| e.value.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(values, ["2"]);
    assert_eq!(dup.ports().len(), 1);
    assert!(project.service("reset").unwrap().image().is_none());
}

#[test]
fn several_documents_merge_like_files() {
    let text =
        "services:\n  a:\n    image: x\n---\nservices:\n  a:\n    image: y\n  b:\n    image: z\n";
    let files = [load_ok(text)];
    let project = Project::merge(&files);
    let names: Vec<&str> = project.services.iter().map(|s| s.name).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(project.service("a").unwrap().image().unwrap().as_str(), "y");
}

#[test]
fn included_projects_add_what_is_not_defined() {
    let main_files = [load_ok("services:\n  web:\n    image: a\nvolumes:\n  v:\n")];
    let included_files = [load_ok(
        "services:\n  web:\n    image: b\n  db:\n    image: c\nvolumes:\n  v:\n  w:\n",
    )];
    let mut main = Project::merge(&main_files);
    let included = Project::merge(&included_files);
    main.include(included);
    assert_eq!(main.files.len(), 2);
    assert_eq!(main.service("web").unwrap().image().unwrap().as_str(), "a");
    let db = main.service("db").unwrap();
    assert_eq!(db.image().unwrap().file_index, 1);
    let volumes: Vec<&str> = main.volumes.iter().map(|v| v.name).collect();
    assert_eq!(volumes, ["v", "w"]);
    assert_eq!(main.volumes[1].definitions[0].file_index, 1);
}

#[test]
fn double_quoted_escapes_fall_back_to_the_whole_range() {
    // `\_` is a no-break space: two bytes, as long as its escape.
    let text = "services:\n  web:\n    image: \"${X}\\_y\"\n    hostname: \"${X}-y\"\n";
    let file = load_ok(text);
    let image = file.services[0].image.as_ref().unwrap();
    assert_eq!(image.raw.value, "${X}\u{a0}y");
    assert_eq!(image.value_start(), None);
    assert_eq!(image.vars()[0].range, image.range());
    let hostname = file.services[0].hostname().unwrap();
    assert_eq!(&text[hostname.vars()[0].range], "${X}");
}

#[test]
fn variable_references_skip_keys_and_place_each_reference() {
    let text = "services:\n  a:\n    image: \"x:${TAG:-1}\"\n    labels:\n      $KEY: \"${VAL}\"\n    command: |\n      echo ${BLOCK}\n";
    let yaml = crate::yaml::parse(text);
    let refs = super::variable_references(&yaml.tree, text);
    let names: Vec<_> = refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["TAG", "VAL", "BLOCK"]);
    assert_eq!(&text[refs[0].range], "${TAG:-1}");
    assert_eq!(&text[refs[1].range], "${VAL}");
    // A block scalar's bytes do not map one to one: the whole scalar is the range.
    assert!(text[refs[2].range].contains("echo ${BLOCK}"));
}

#[test]
#[cfg(target_pointer_width = "64")]
fn model_types_stay_compact() {
    use std::mem::size_of;
    // A model holds a `Text` per scalar and a `Key` per mapping entry: four words each, and
    // the types built of them follow. Rare parts are boxed or shared.
    assert_eq!(size_of::<Text>(), 32);
    assert_eq!(size_of::<Key>(), 32);
    assert_eq!(size_of::<Any>(), 40);
    assert_eq!(size_of::<Field>(), 72);
    assert_eq!(size_of::<KeyValue>(), 72);
    assert_eq!(size_of::<Port>(), 72);
    assert_eq!(size_of::<Mount>(), 64);
    assert_eq!(size_of::<Build>(), 152);
    assert_eq!(size_of::<Service>(), 208);
    assert_eq!(size_of::<RareFields>(), 104);
    assert_eq!(size_of::<Resource>(), 72);
    // A merged service defined once is read from its definition.
    assert_eq!(size_of::<ProjectService<'_>>(), 40);
}

#[test]
fn key_values_know_their_form() {
    fn forms(list: &[KeyValue]) -> Vec<(&str, bool)> {
        list.iter().map(|kv| (kv.name(), kv.from_list())).collect()
    }
    let text = "\
services:
  a:
    environment: [\"A=${X:-1}\", B]
    labels:
      c: d
      e:
";
    let file = load_ok(text);
    let a = &file.services[0];
    assert_eq!(forms(&a.environment), [("A", true), ("B", true)]);
    assert_eq!(forms(&a.labels), [("c", false), ("e", false)]);
}
