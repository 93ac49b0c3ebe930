using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Broker;

/// <summary>
/// An AMQP request/response node (<c>$cbs</c>, an entity's <c>$management</c>): the client attaches a sender to the
/// node and a receiver whose target is its reply-to address; each request's response goes back on that receiver,
/// correlated by the request's message id.
/// </summary>
internal abstract class RequestResponseNode
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> replyLinks = new(StringComparer.Ordinal);

    public void Attach(AmqpLink link)
    {
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(OnRequest);
            requests.SetTotalLinkCredit(64, applyNow: true, updateAutoFlow: true);
            return;
        }

        var replies = (SendingAmqpLink)link;
        var replyTo = ((Target)replies.Settings.Target).Address?.ToString() ?? throw new AmqpException(AmqpErrorCode.InvalidField, "A reply link needs a target address.");
        replyLinks[replyTo] = replies;
        replies.Closed += (_, _) => replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(replyTo, replies));
    }

    protected abstract AmqpMessage Handle(AmqpMessage request, AmqpLink requestLink);

    private void OnRequest(AmqpMessage request)
    {
        using (request)
        {
            var requestLink = request.Link;
            AmqpMessage response;
            try
            {
                response = Handle(request, requestLink);
            }
            catch (Exception ex) when (ex is AmqpException or InvalidCastException or FormatException or ArgumentException or KeyNotFoundException or NullReferenceException)
            {
                response = CreateResponse(400, ex.Message);
            }

            requestLink.DisposeDelivery(request, true, new Accepted());
            var replyTo = request.Properties.ReplyTo?.ToString();
            if (replyTo is null || !replyLinks.TryGetValue(replyTo, out var replies))
            {
                response.Dispose();
                return;
            }

            response.Properties.CorrelationId = request.Properties.MessageId;
            response.Settled = true;
            try
            {
                replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or AmqpException)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>A response with Service Bus management's status keys (CBS uses its own, see <see cref="CbsNode"/>).</summary>
    protected virtual AmqpMessage CreateResponse(int status, string description, object? body = null)
    {
        // Always a map body: the SDK reads one from every management response, even an empty one.
        var response = AmqpMessage.Create(new AmqpValue { Value = body ?? new Microsoft.Azure.Amqp.Encoding.AmqpMap() });
        response.ApplicationProperties.Map["statusCode"] = status;
        response.ApplicationProperties.Map["statusDescription"] = description;
        return response;
    }
}
