using System.Runtime.InteropServices;
using TweetPlatform.Contracts;

namespace TweetPlatform.EmbeddedKafka;

/// <summary>
/// An in-process Kafka broker for tests and Docker-less local runs: librdkafka's mock cluster, which
/// speaks the Kafka wire protocol on 127.0.0.1 so any client (in this or another process) can use it.
/// Not a full Kafka: memory only (each partition keeps roughly the last 5 MiB), no controller-backed admin
/// calls (CreateTopics, DescribeConfigs, ... time out; never call ListConsumerGroups, it crashed clients),
/// transactions accepted but not honoured, and fetches are held for the consumer's full fetch.wait.max.ms.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TopicSpec> _topics = [];
    private nint _handle;   // rd_kafka_t*: the mock cluster needs a client instance for its bookkeeping.
    private nint _cluster;  // rd_kafka_mock_cluster_t*
    private bool _disposed;

    private MockKafkaCluster(nint handle, nint cluster, int brokerCount, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>"127.0.0.1:port,..." — one listener per broker, ports chosen by the kernel.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; broker ids are 1..<see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>Topics created through this instance (at start and by <see cref="CreateTopic"/>).</summary>
    public IReadOnlyList<TopicSpec> Topics
    {
        get
        {
            lock (_gate)
            {
                return _topics.ToArray();
            }
        }
    }

    /// <summary>Starts a mock cluster and pre-creates the configured topics.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="DllNotFoundException">The bundled native librdkafka could not be loaded.</exception>
    /// <exception cref="EmbeddedKafkaException">librdkafka refused to create the cluster or a topic.</exception>
    public static MockKafkaCluster Start(MockKafkaClusterOptions? options = null)
    {
        options ??= new MockKafkaClusterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Brokers, 1, nameof(options.Brokers));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InitialRebalanceDelayMs, nameof(options.InitialRebalanceDelayMs));
        var topics = options.Topics ?? Contracts.Topics.All;
        foreach (var topic in topics)
        {
            ValidateTopic(topic.Name, topic.Partitions);
        }

        LibrdkafkaLoader.EnsureLoaded();

        var handle = NewClientHandle();
        var cluster = Librdkafka.rd_kafka_mock_cluster_new(handle, options.Brokers);
        if (cluster == 0)
        {
            Librdkafka.rd_kafka_destroy(handle);
            throw new EmbeddedKafkaException(
                $"rd_kafka_mock_cluster_new failed for {options.Brokers} broker(s); librdkafka logs the reason on stderr.");
        }

        var bootstraps = Marshal.PtrToStringUTF8(Librdkafka.rd_kafka_mock_cluster_bootstraps(cluster));
        var result = new MockKafkaCluster(handle, cluster, options.Brokers, bootstraps ?? string.Empty);
        try
        {
            if (string.IsNullOrEmpty(bootstraps))
            {
                throw new EmbeddedKafkaException("rd_kafka_mock_cluster_bootstraps returned no address.");
            }

            Librdkafka.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, options.InitialRebalanceDelayMs);
            foreach (var topic in topics)
            {
                result.CreateTopic(topic.Name, topic.Partitions);
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a topic with replication factor 1. Use this instead of the CreateTopics admin call, which
    /// the mock does not implement (it times out waiting for a controller).
    /// </summary>
    /// <exception cref="EmbeddedKafkaException">librdkafka refused, e.g. TOPIC_ALREADY_EXISTS.</exception>
    public void CreateTopic(string name, int partitions)
    {
        ValidateTopic(name, partitions);
        lock (_gate)
        {
            var err = Librdkafka.rd_kafka_mock_topic_create(LiveCluster(), name, partitions, 1);
            ThrowOnError(err, $"Creating topic '{name}' with {partitions} partition(s)");
            _topics.Add(new TopicSpec(name, partitions));
        }
    }

    /// <summary>
    /// Disconnects broker <paramref name="brokerId"/> (1-based) and refuses new connections until
    /// <see cref="SetBrokerUp"/>. Partition leadership does not move, so its partitions become unavailable.
    /// </summary>
    public void SetBrokerDown(int brokerId)
    {
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            ThrowOnError(Librdkafka.rd_kafka_mock_broker_set_down(LiveCluster(), brokerId), $"Setting broker {brokerId} down");
        }
    }

    /// <summary>Lets broker <paramref name="brokerId"/> (1-based) accept connections again.</summary>
    public void SetBrokerUp(int brokerId)
    {
        ValidateBrokerId(brokerId);
        lock (_gate)
        {
            ThrowOnError(Librdkafka.rd_kafka_mock_broker_set_up(LiveCluster(), brokerId), $"Setting broker {brokerId} up");
        }
    }

    /// <summary>Stops the brokers (dropping all data) and releases the native handles. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // The cluster belongs to the rd_kafka_t it was created on, so it must go first.
            if (_cluster != 0)
            {
                Librdkafka.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = 0;
            }

            if (_handle != 0)
            {
                Librdkafka.rd_kafka_destroy(_handle);
                _handle = 0;
            }
        }
        // No finalizer on purpose: destroying from the finalizer thread could race live clients, and the
        // broker threads keep running regardless, so an undisposed cluster simply lives until process exit.
    }

    private static unsafe nint NewClientHandle()
    {
        const int errstrSize = 512;
        var errstr = stackalloc byte[errstrSize];
        errstr[0] = 0;
        var conf = Librdkafka.rd_kafka_conf_new();
        try
        {
            SetConf(conf, "client.id", "embedded-kafka-mock", errstr, errstrSize);
            // This handle only anchors the mock cluster and never gets bootstrap.servers, so at the default
            // level it prints a misleading "client will not be able to connect" notice. Warnings and errors
            // (level <= 4) still reach stderr.
            SetConf(conf, "log_level", "4", errstr, errstrSize);
        }
        catch
        {
            Librdkafka.rd_kafka_conf_destroy(conf);
            throw;
        }

        var handle = Librdkafka.rd_kafka_new(Librdkafka.RdKafkaProducer, conf, errstr, errstrSize);
        if (handle == 0)
        {
            // rd_kafka_new takes ownership of conf only when it succeeds.
            Librdkafka.rd_kafka_conf_destroy(conf);
            throw new EmbeddedKafkaException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)errstr)}");
        }

        return handle;
    }

    private static unsafe void SetConf(nint conf, string name, string value, byte* errstr, int errstrSize)
    {
        if (Librdkafka.rd_kafka_conf_set(conf, name, value, errstr, (nuint)errstrSize) != Librdkafka.ConfOk)
        {
            throw new EmbeddedKafkaException(
                $"rd_kafka_conf_set({name}={value}) failed: {Marshal.PtrToStringUTF8((nint)errstr)}");
        }
    }

    private nint LiveCluster()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _cluster;
    }

    private void ValidateBrokerId(int brokerId)
    {
        // The C API also takes -1 ("all brokers"); keep the public surface to real ids.
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
    }

    private static void ValidateTopic(string name, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
    }

    private static void ThrowOnError(int err, string action)
    {
        if (err == Librdkafka.NoError)
        {
            return;
        }

        var name = Librdkafka.ErrorName(err);
        throw new EmbeddedKafkaException($"{action} failed: {name} ({err}).", err, name);
    }
}
