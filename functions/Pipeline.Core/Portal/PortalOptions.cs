using System.Text.Json;

namespace Pipeline.Portal;

/// <summary>Options of the portal API and the operations page (<c>Pipeline:Portal</c>).</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Pipeline:Portal";

    /// <summary>
    /// How callers prove who they are. Default <see cref="PortalAuthentication.EasyAuth"/> (the Functions app); the
    /// local host sets <see cref="PortalAuthentication.DevKey"/>. One mode per host: a dev key is never accepted in Azure.
    /// </summary>
    public PortalAuthentication Authentication { get; set; } = PortalAuthentication.EasyAuth;

    /// <summary>How long an upload SAS (and so its intent) is valid. Default 15 minutes.</summary>
    public TimeSpan UploadSasLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Easy Auth: the cases each Entra ID principal (object id) may use, as patterns: a case id, a prefix ending in
    /// <c>*</c> (<c>FAM-*</c>), or <c>*</c> for every case (which the operations page requires), separated by commas.
    /// </summary>
    public Dictionary<string, string> Grants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Easy Auth in Azure: more <see cref="Grants"/> as one JSON object of object id to case patterns
    /// (<c>{"0f0f…": "FAM-*"}</c>), merged into them at start-up. App Service setting names cannot hold the <c>-</c> of an
    /// object id, so <c>Pipeline__Portal__Grants__{objectId}</c> cannot be set there; infra sets this from <c>portalGrants</c>.
    /// </summary>
    public string? GrantsJson { get; set; }

    /// <summary>DevKey: the keys a local caller may present in <c>X-Pipeline-Key</c>, each with its name and case patterns.</summary>
    public List<PortalDevKey> DevKeys { get; set; } = [];

    /// <summary>Parses <paramref name="json"/> (null or blank: no grants) into object id to case patterns; false when it is not such an object.</summary>
    internal static bool TryParseGrantsJson(string? json, out Dictionary<string, string> grants)
    {
        grants = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            if (parsed is null)
            {
                return false;
            }

            foreach (var (objectId, patterns) in parsed)
            {
                grants[objectId] = patterns;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
