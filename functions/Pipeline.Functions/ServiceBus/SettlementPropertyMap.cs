using Google.Protobuf;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;

namespace Pipeline.Functions.ServiceBus;

/// <summary>
/// A settlement's modified application properties on the wire: the host decodes the request's bytes as one AMQP map
/// (string keys, AMQP values), as the Service Bus client would encode them. No properties: empty bytes, which the host
/// reads as "none".
/// </summary>
internal static class SettlementPropertyMap
{
    public static ByteString Encode(IReadOnlyDictionary<string, string>? properties)
    {
        if (properties is null || properties.Count == 0)
        {
            return ByteString.Empty;
        }

        var map = new AmqpMap();
        foreach (var (key, value) in properties)
        {
            map[new MapKey(key)] = value;
        }

        using var buffer = new ByteBuffer(256, true);
        AmqpCodec.EncodeMap(map, buffer);
        return ByteString.CopyFrom(buffer.Buffer, buffer.Offset, buffer.Length);
    }
}
