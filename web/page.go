package web

// The HTML pages a person opens from an email (the applicant's page, an
// official's action link) share their head: a phone's viewport, no referrer
// and no indexing (their URLs hold secrets), and the base style. A page's
// template is pageTop, its own CSS rules, pageMid, then its body.
const (
	pageTop = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,Arial,sans-serif;margin:0;background:#f4f4f4;color:#222;font-size:17px;line-height:1.5}
main{max-width:600px;margin:0 auto;padding:16px;background:#fff;min-height:100vh;box-sizing:border-box;overflow-wrap:anywhere}
h1{font-size:1.3em}
.msg{padding:12px;border-radius:6px;background:#e7f3e7}
.err{background:#fbe9e9}
th{text-align:left;vertical-align:top;padding:4px 8px 4px 0;white-space:nowrap}
td{padding:4px 0}
button{width:100%;padding:14px;font-size:1.1em;background:#0b5394;color:#fff;border:0;border-radius:6px;margin-top:12px}`
	pageMid = `</style>
</head>
<body><main>
`
)
