using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pipeline.Portal;

/// <summary>The portal API's handlers, shared by the Functions app's HTTP triggers and the local host.</summary>
public static class PortalServiceCollectionExtensions
{
    public static IServiceCollection AddPipelinePortal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.SectionName))
            .PostConfigure(o =>
            {
                if (PortalOptions.TryParseGrantsJson(o.GrantsJson, out var grants))
                {
                    foreach (var (objectId, patterns) in grants)
                    {
                        o.Grants[objectId] = patterns;
                    }
                }
            })
            .Validate(o => PortalOptions.TryParseGrantsJson(o.GrantsJson, out _), "Pipeline:Portal:GrantsJson must be a JSON object of object id to case patterns.")
            .Validate(o => o.UploadSasLifetime > TimeSpan.Zero && o.UploadSasLifetime <= TimeSpan.FromDays(1), "Pipeline:Portal:UploadSasLifetime must be positive and at most a day.")
            .Validate(o => o.DevKeys.TrueForAll(k => k.Key.Length >= 16 && k.Name.Length > 0), "Pipeline:Portal:DevKeys: every key needs a name and at least 16 characters.")
            .ValidateOnStart();
        services.TryAddSingleton<PortalAuthenticator>();
        services.TryAddSingleton<PortalAccess>();
        services.TryAddSingleton<UploadSasIssuer>();
        services.TryAddSingleton<UploadsHandler>();
        services.TryAddSingleton<DocumentsHandler>();
        services.TryAddSingleton<ContentHandler>();
        services.TryAddSingleton<ReceiptsHandler>();
        services.TryAddSingleton<LegalHoldHandler>();
        services.TryAddSingleton<DisposalHandler>();
        services.TryAddSingleton<ReportHeaders>();
        services.TryAddSingleton<OperationsHandler>();
        return services;
    }
}
