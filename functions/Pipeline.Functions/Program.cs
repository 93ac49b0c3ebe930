using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Pipeline.Functions.ServiceBus;
using Pipeline.Functions.Telemetry;
using Pipeline.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
// ASP.NET Core integration: responses stream (document content is checked while it is sent, not buffered whole).
builder.ConfigureFunctionsWebApplication();
builder.AddPipelineServices();
builder.AddPipelineTelemetry();
builder.Services.AddHostMessageSettlement(builder.Configuration);
builder.Build().Run();
