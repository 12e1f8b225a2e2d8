-- Flaskr's tables.  `flaskr init-db` runs this file, so it first drops
-- whatever a previous run left behind (posts first: they reference users).
DROP TABLE IF EXISTS post;
DROP TABLE IF EXISTS user;

CREATE TABLE user (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT    NOT NULL UNIQUE,  -- registering a taken name fails on this
    password TEXT    NOT NULL          -- a werkzeug-format hash, never the password
);

CREATE TABLE post (
    id        INTEGER   PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER   NOT NULL REFERENCES user (id),
    created   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    title     TEXT      NOT NULL,
    body      TEXT      NOT NULL
);
