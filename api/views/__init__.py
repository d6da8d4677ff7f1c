"""The API's views: graph reads (graph), documents and jobs (documents), export, curators' writes (curation)."""
