using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Portal;

namespace Pipeline.Local.Portal;

/// <summary>The local host for <c>serve</c>: Kestrel on 127.0.0.1 with the pipeline's services and dev-key authentication.</summary>
public static class PortalWebHost
{
    /// <summary>The name of the key generated when none is configured.</summary>
    public const string GeneratedKeyName = "local-developer";

    /// <summary>Builds the app; <paramref name="generatedKey"/> is set when no dev key was configured and one granting every case was made.</summary>
    public static WebApplication Build(PipelineSettings settings, int port, out string? generatedKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration[AppSettingNames.EvidenceStorageConnection] = settings.ResolveConnection();
        builder.Configuration[$"{PortalOptions.SectionName}:{nameof(PortalOptions.Authentication)}"] = nameof(PortalAuthentication.DevKey);
        generatedKey = null;
        if (!builder.Configuration.GetSection($"{PortalOptions.SectionName}:{nameof(PortalOptions.DevKeys)}").GetChildren().Any())
        {
            generatedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            builder.Configuration[$"{PortalOptions.SectionName}:DevKeys:0:Name"] = GeneratedKeyName;
            builder.Configuration[$"{PortalOptions.SectionName}:DevKeys:0:Key"] = generatedKey;
            builder.Configuration[$"{PortalOptions.SectionName}:DevKeys:0:Cases"] = "*";
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning);
        // Loopback only: dev keys are for a developer's machine, never a network.
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddPipelineServices();
        var app = builder.Build();
        app.MapPortal();
        return app;
    }
}
