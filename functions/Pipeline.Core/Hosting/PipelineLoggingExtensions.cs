using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Hosting;

/// <summary>Redaction of personal data in the pipeline's logs, shared by the Functions app and the local host.</summary>
public static class PipelineLoggingExtensions
{
    public static IHostApplicationBuilder AddPipelineLogRedaction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(LogRedactionOptions.SectionName).Get<LogRedactionOptions>() ?? new LogRedactionOptions();
        builder.Services.AddPipelineLogRedaction(builder.Logging, options);
        return builder;
    }

    public static IServiceCollection AddPipelineLogRedaction(this IServiceCollection services, ILoggingBuilder logging, LogRedactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(options);
        // Always enabled: without a redactor, classified parameters log as "(null)" rather than in clear text.
        logging.EnableRedaction();
        services.AddRedaction(redaction =>
        {
            if (!options.RedactPersonalData)
            {
                redaction.SetRedactor<NullRedactor>(PipelineTaxonomy.PersonalData);
            }
            else if (string.IsNullOrWhiteSpace(options.HmacKey))
            {
                redaction.SetRedactor<ErasingRedactor>(PipelineTaxonomy.PersonalData);
            }
            else
            {
                redaction.SetHmacRedactor(
                    hmac =>
                    {
                        hmac.Key = options.HmacKey;
                        hmac.KeyId = options.HmacKeyId;
                    },
                    PipelineTaxonomy.PersonalData);
            }
        });
        return services;
    }
}
