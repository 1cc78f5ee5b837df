using System.Runtime.InteropServices;

namespace TweetPlatform.EmbeddedKafka;

/// <summary>
/// The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h of librdkafka 2.16.0, the version bundled by
/// Confluent.Kafka 2.16.0) needed to host a mock cluster. The mock API is experimental and outside
/// librdkafka's ABI guarantees, so re-check these signatures whenever Confluent.Kafka is upgraded.
/// </summary>
internal static partial class Librdkafka
{
    /// <summary>Logical name; <see cref="LibrdkafkaLoader"/> maps it to the real file.</summary>
    internal const string LibraryName = "librdkafka";

    /// <summary>rd_kafka_type_t RD_KAFKA_PRODUCER: the cheapest handle type (no consumer group machinery).</summary>
    internal const int RdKafkaProducer = 0;

    /// <summary>rd_kafka_conf_res_t RD_KAFKA_CONF_OK.</summary>
    internal const int ConfOk = 0;

    /// <summary>RD_KAFKA_RESP_ERR_NO_ERROR.</summary>
    internal const int NoError = 0;

    static Librdkafka()
    {
        // The resolver must be in place before the first P/Invoke binds, whoever calls first.
        LibrdkafkaLoader.Register();
    }

    // rd_kafka_conf_t *rd_kafka_conf_new(void);
    [LibraryImport(LibraryName)]
    internal static partial nint rd_kafka_conf_new();

    // rd_kafka_conf_res_t rd_kafka_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value,
    //                                       char *errstr, size_t errstr_size);   RD_KAFKA_CONF_OK == 0
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int rd_kafka_conf_set(
        nint conf, string name, string value, byte* errstr, nuint errstrSize);

    // void rd_kafka_conf_destroy(rd_kafka_conf_t *conf);  (only needed when rd_kafka_new fails)
    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_conf_destroy(nint conf);

    // rd_kafka_t *rd_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, char *errstr, size_t errstr_size);
    [LibraryImport(LibraryName)]
    internal static unsafe partial nint rd_kafka_new(int type, nint conf, byte* errstr, nuint errstrSize);

    // void rd_kafka_destroy(rd_kafka_t *rk);
    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_destroy(nint rk);

    // const char *rd_kafka_err2name(rd_kafka_resp_err_t err);  (static string: never freed)
    [LibraryImport(LibraryName)]
    internal static partial nint rd_kafka_err2name(int err);

    // rd_kafka_mock_cluster_t *rd_kafka_mock_cluster_new(rd_kafka_t *rk, int broker_cnt);
    [LibraryImport(LibraryName)]
    internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    // void rd_kafka_mock_cluster_destroy(rd_kafka_mock_cluster_t *mcluster);
    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    // const char *rd_kafka_mock_cluster_bootstraps(const rd_kafka_mock_cluster_t *mcluster);
    // Owned by the cluster: copy it, never free it.
    [LibraryImport(LibraryName)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    // rd_kafka_resp_err_t rd_kafka_mock_topic_create(rd_kafka_mock_cluster_t *mcluster, const char *topic,
    //                                                int partition_cnt, int replication_factor);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(
        nint mcluster, string topic, int partitionCount, int replicationFactor);

    // void rd_kafka_mock_group_initial_rebalance_delay_ms(rd_kafka_mock_cluster_t *mcluster, int32_t delay_ms);
    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint mcluster, int delayMs);

    // rd_kafka_resp_err_t rd_kafka_mock_broker_set_down(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id);
    [LibraryImport(LibraryName)]
    internal static partial int rd_kafka_mock_broker_set_down(nint mcluster, int brokerId);

    // rd_kafka_resp_err_t rd_kafka_mock_broker_set_up(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id);
    [LibraryImport(LibraryName)]
    internal static partial int rd_kafka_mock_broker_set_up(nint mcluster, int brokerId);

    /// <summary>librdkafka's symbolic name for an error code, e.g. "_UNKNOWN_BROKER".</summary>
    internal static string ErrorName(int err) =>
        Marshal.PtrToStringUTF8(rd_kafka_err2name(err)) ?? $"error {err}";
}
