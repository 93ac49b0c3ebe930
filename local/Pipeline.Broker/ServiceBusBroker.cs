using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace Pipeline.Broker;

/// <summary>
/// A small AMQP 1.0 broker that speaks enough of Service Bus for the unmodified <c>Azure.Messaging.ServiceBus</c>
/// client: SASL <c>MSSBCBS</c>/<c>ANONYMOUS</c>, <c>$cbs</c> put-token, queues with peek-lock and receive-and-delete,
/// complete/abandon/dead-letter/defer, delivery counts with a maximum, <c>$DeadLetterQueue</c>, duplicate detection,
/// and <c>$management</c> (renew-lock, peek, receive-by-sequence-number, update-disposition). Plain TCP on loopback,
/// the way the SDK connects with <c>UseDevelopmentEmulator=true</c>. State is in memory: a restart empties it.
/// </summary>
internal sealed class ServiceBusBroker : IRuntimeProvider, IAsyncDisposable
{
    private readonly BrokerOptions options;
    private readonly TimeProvider time;
    private readonly Dictionary<string, BrokerEntity> entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly CbsNode cbs;
    private readonly List<AmqpConnection> connections = [];
    private AmqpSettings? settings;
    private TransportListener? listener;
    private ITimer? lockSweep;

    public ServiceBusBroker(BrokerOptions options, TimeProvider? time = null)
    {
        this.options = options;
        this.time = time ?? TimeProvider.System;
        cbs = new CbsNode(options, this.time);
        foreach (var queue in options.Queues)
        {
            entities[queue] = new BrokerEntity(queue, options, this.time, withDeadLetterQueue: true);
        }
    }

    /// <summary>The port listened on (the one chosen when <see cref="BrokerOptions.Port"/> is 0).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for the SDK; the key is the broker's when it checks signatures.</summary>
    public string ConnectionString =>
        $"Endpoint=sb://{options.Host}:{Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={(string.IsNullOrEmpty(options.SharedAccessKey) ? "SAS_KEY_VALUE" : options.SharedAccessKey)};UseDevelopmentEmulator=true;";

    public BrokerEntity GetQueue(string name) => entities[name];

    public void Start()
    {
        var amqp = new AmqpSettings { RuntimeProvider = this };
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler());
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        amqp.TransportProviders.Add(sasl);
        var transport = new AmqpTransportProvider();
        transport.Versions.Add(new AmqpVersion(1, 0, 0));
        amqp.TransportProviders.Add(transport);
        settings = amqp;

        Port = options.Port == 0 ? FreePort(options.Host) : options.Port;
        var tcp = new TcpTransportSettings { Host = options.Host, Port = Port };
        listener = new AmqpTransportListener([tcp.CreateListener()], amqp);
        listener.Listen(OnAcceptTransport);
        lockSweep = time.CreateTimer(_ => SweepLocks(), null, options.LockSweepInterval, options.LockSweepInterval);
    }

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private void SweepLocks()
    {
        foreach (var entity in entities.Values)
        {
            entity.ExpireLocks();
        }
    }

    /// <summary>Drops every connection at once, as a crashed broker or a network cut would.</summary>
    public void DropConnections()
    {
        AmqpConnection[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        foreach (var connection in open)
        {
            connection.SafeClose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (lockSweep is not null)
        {
            await lockSweep.DisposeAsync();
        }

        listener?.Close();
        DropConnections();
    }

    private void OnAcceptTransport(TransportListener source, TransportAsyncCallbackArgs args)
    {
        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = "pipeline-broker",
            MaxFrameSize = 64 * 1024,
            IdleTimeOut = 4 * 60 * 1000,
        };
        AmqpConnection? connection = null;
        try
        {
            connection = CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, settings!, connectionSettings);
            connection.Closed += (sender, _) =>
            {
                lock (connections)
                {
                    connections.Remove((AmqpConnection)sender!);
                }
            };
            lock (connections)
            {
                connections.Add(connection);
            }

            _ = OpenAsync(connection);
        }
        catch (Exception ex) when (ex is AmqpException or InvalidOperationException or IOException or SocketException)
        {
            connection?.SafeClose(ex);
        }
    }

    private static async Task OpenAsync(AmqpConnection connection)
    {
        try
        {
            await connection.OpenAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is AmqpException or InvalidOperationException or IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            connection.SafeClose(ex);
        }
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) =>
        throw new InvalidOperationException("Sessions are created by the connection.");

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        // The settings are already this end's: role true means this end receives (the peer sends).
        if (settings.Role == true)
        {
            settings.MaxMessageSize = options.MaxMessageSize;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var address = link.IsReceiver ? ((Target)link.Settings.Target).Address?.ToString() : ((Source)link.Settings.Source).Address?.ToString();
        Attach(link, Normalise(address ?? throw new AmqpException(AmqpErrorCode.InvalidField, "The link has no address.")));
        var result = new CompletedAsyncResult(state);
        callback(result);
        return result;
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    /// <summary>The SDK names entities by URL path ("/queue"), management nodes without the slash ("queue/$management").</summary>
    private static string Normalise(string address)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb")
        {
            address = uri.AbsolutePath;
        }

        return address.Trim('/');
    }

    private void Attach(AmqpLink link, string address)
    {
        if (address.Equals(CbsNode.Address, StringComparison.OrdinalIgnoreCase))
        {
            cbs.Attach(link);
            return;
        }

        var management = address.EndsWith(ManagementNode.Suffix, StringComparison.OrdinalIgnoreCase);
        var entityPath = management ? address[..^ManagementNode.Suffix.Length] : address;
        var entity = Find(entityPath)
            ?? throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{entityPath}' could not be found.");
        if (management)
        {
            entity.Management.Attach(link);
        }
        else if (link is SendingAmqpLink sending)
        {
            _ = new EntityConsumer(entity, sending);
        }
        else
        {
            if (entity.DeadLetterQueue is null)
            {
                throw new AmqpException(AmqpErrorCode.NotAllowed, "Messages cannot be sent to a dead-letter queue.");
            }

            _ = new EntityPublisher(entity, (ReceivingAmqpLink)link, options.MaxMessageSize);
            ((ReceivingAmqpLink)link).SetTotalLinkCredit(100, applyNow: true, updateAutoFlow: true);
        }
    }

    private BrokerEntity? Find(string path)
    {
        if (path.EndsWith(BrokerEntity.DeadLetterSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return entities.GetValueOrDefault(path[..^BrokerEntity.DeadLetterSuffix.Length])?.DeadLetterQueue;
        }

        return entities.GetValueOrDefault(path);
    }
}

/// <summary>Links attach synchronously; the factory's asynchronous pattern only needs a finished result.</summary>
internal sealed class CompletedAsyncResult(object? state) : IAsyncResult
{
    public object? AsyncState { get; } = state;

    public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

    public bool CompletedSynchronously => true;

    public bool IsCompleted => true;
}
