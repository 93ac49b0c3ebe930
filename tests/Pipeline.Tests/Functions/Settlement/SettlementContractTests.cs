using Google.Protobuf.Reflection;
using Pipeline.Functions.ServiceBus.HostSettlement;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>
/// The proto is the host's wire contract (Microsoft.Azure.WebJobs.Extensions.ServiceBus 5.x, <c>Grpc/Proto/settlement.proto</c>):
/// gRPC routes calls by "/{package.}Service/Method" and protobuf matches fields by number and wire type, so none of these
/// may drift from what the host serves.
/// </summary>
public sealed class SettlementContractTests
{
    [Fact]
    public void SettlementService_Descriptor_RoutesAsTheHostMapsIt()
    {
        var service = Assert.Single(SettlementReflection.Descriptor.Services);

        Assert.Equal(string.Empty, SettlementReflection.Descriptor.Package);
        Assert.Equal("Settlement", service.FullName);
        Assert.Equal(
            ["Complete:CompleteRequest", "Abandon:AbandonRequest", "Deadletter:DeadletterRequest", "Defer:DeferRequest", "RenewMessageLock:RenewMessageLockRequest"],
            service.Methods.Select(m => $"{m.Name}:{m.InputType.FullName}"));
        Assert.All(service.Methods, m => Assert.Equal("google.protobuf.Empty", m.OutputType.FullName));
    }

    [Theory]
    [InlineData("CompleteRequest", "locktoken=1:String")]
    [InlineData("AbandonRequest", "locktoken=1:String propertiesToModify=2:Bytes")]
    [InlineData("DeferRequest", "locktoken=1:String propertiesToModify=2:Bytes")]
    [InlineData("RenewMessageLockRequest", "locktoken=1:String")]
    [InlineData("DeadletterRequest", "locktoken=1:String propertiesToModify=2:Bytes deadletterReason=3:google.protobuf.StringValue deadletterErrorDescription=4:google.protobuf.StringValue")]
    public void SettlementRequest_Fields_MatchTheHostsNumbersAndTypes(string message, string fields)
    {
        var descriptor = SettlementReflection.Descriptor.FindTypeByName<MessageDescriptor>(message);

        Assert.Equal(fields, string.Join(' ', descriptor.Fields.InFieldNumberOrder().Select(Describe)));
    }

    private static string Describe(FieldDescriptor field) =>
        $"{field.Name}={field.FieldNumber}:{(field.FieldType == FieldType.Message ? field.MessageType.FullName : field.FieldType.ToString())}";
}
