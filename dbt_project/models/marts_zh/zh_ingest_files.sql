{{ config(alias='入库文件', post_hook="{{ zh_view_comments('ingest_files') }}") }}
{{ zh_view('ingest_files') }}
