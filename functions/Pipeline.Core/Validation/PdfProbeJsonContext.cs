using System.Text.Json.Serialization;

namespace Pipeline.Validation;

/// <summary>Serialises the PDF probe's report (source-generated: the probe starts once per PDF, so no reflection warm-up).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PdfParseResult))]
internal sealed partial class PdfProbeJsonContext : JsonSerializerContext;
