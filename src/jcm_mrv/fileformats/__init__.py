"""Our file formats and how they are read: YAML and JSON from strangers (bounded,
located), the strict base model, the JSON Schemas, paths confined to the project,
and the limits on what one input may make jcm-mrv do."""
