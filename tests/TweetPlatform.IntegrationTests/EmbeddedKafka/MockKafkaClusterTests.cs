using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using TweetPlatform.Contracts;
using TweetPlatform.EmbeddedKafka;

namespace TweetPlatform.IntegrationTests.EmbeddedKafka;

public sealed class MockKafkaClusterTests
{
    // Generous: the machine is shared, and a first consumer-group join plus fetch waits add up.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    // Duplicated from TweetPlatform.DevKafka.Program on purpose: it is the contract runners parse.
    private const string BootstrapLinePrefix = "Embedded Kafka (librdkafka mock cluster) bootstrap: ";

    [Fact]
    public void Start_PreCreatesEveryContractTopicWithItsPartitionCount()
    {
        using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Brokers = 3 });

        Assert.Matches(new Regex(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$"), cluster.BootstrapServers);
        Assert.Equal(Topics.All.Select(t => (t.Name, t.Partitions)), cluster.Topics.Select(t => (t.Name, t.Partitions)));

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers })
            .Build();
        var metadata = admin.GetMetadata(ClientTimeout);

        Assert.Equal(new[] { 1, 2, 3 }, metadata.Brokers.Select(b => b.BrokerId).Order());
        foreach (var spec in Topics.All)
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == spec.Name);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(spec.Partitions, topic.Partitions.Count);
            Assert.Equal(Enumerable.Range(0, spec.Partitions), topic.Partitions.Select(p => p.PartitionId).Order());
        }
    }

    [Fact]
    public void CreateTopic_AddsTopicAndReportsLibrdkafkaErrorNameOnFailure()
    {
        using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [] });

        cluster.CreateTopic("extra.v1", 3);

        Assert.Equal(new[] { new TopicSpec("extra.v1", 3) }, cluster.Topics);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers })
            .Build();
        var topic = Assert.Single(admin.GetMetadata("extra.v1", ClientTimeout).Topics);
        Assert.Equal(3, topic.Partitions.Count);

        var duplicate = Assert.Throws<EmbeddedKafkaException>(() => cluster.CreateTopic("extra.v1", 3));
        Assert.Equal("TOPIC_ALREADY_EXISTS", duplicate.ErrorName);
        Assert.Contains("TOPIC_ALREADY_EXISTS", duplicate.Message);
    }

    [Fact]
    public void Dispose_IsIdempotentAndLaterCallsThrowObjectDisposed()
    {
        var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [] });
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(2));

        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late.v1", 1));
        Assert.Throws<ObjectDisposedException>(() => cluster.SetBrokerDown(1));
    }

    [Fact]
    public async Task IdempotentProducerAndGroupConsumer_RoundTripKeysValuesAndHeaders()
    {
        using var cluster = MockKafkaCluster.Start();
        const int count = 20;

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
        }).Build())
        {
            var deliveries = Enumerable.Range(0, count).Select(i => producer.ProduceAsync(Topics.Tweets, new Message<string, string>
            {
                Key = $"key-{i}",
                Value = $"value-{i}",
                Headers = new Headers
                {
                    { "trace-id", Encoding.UTF8.GetBytes($"trace-{i}") },
                    { "index", [(byte)i] },
                },
            }));
            var results = await Task.WhenAll(deliveries).WaitAsync(ClientTimeout);
            Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        }

        using var consumer = NewConsumer(cluster.BootstrapServers);
        consumer.Subscribe(Topics.Tweets);
        var received = ConsumeUntil(consumer, count, ClientTimeout);
        consumer.Close();

        Assert.Equal(
            Enumerable.Range(0, count).Select(i => $"key-{i}").Order(),
            received.Select(m => m.Message.Key).Order());
        foreach (var result in received)
        {
            var i = int.Parse(result.Message.Key["key-".Length..]);
            Assert.Equal($"value-{i}", result.Message.Value);
            var headers = result.Message.Headers;
            Assert.Equal(new[] { "trace-id", "index" }, headers.Select(h => h.Key));
            Assert.Equal($"trace-{i}", Encoding.UTF8.GetString(headers.GetLastBytes("trace-id")));
            Assert.Equal(new[] { (byte)i }, headers.GetLastBytes("index"));
        }
    }

    [Fact]
    public async Task SetBrokerDown_FailsProducesUntilSetBrokerUp()
    {
        using var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions { Topics = [new TopicSpec("faults.v1", 1)] });
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            Acks = Acks.All,
            MessageTimeoutMs = 1500,
            // Reconnect quickly once the broker is back.
            ReconnectBackoffMs = 50,
            ReconnectBackoffMaxMs = 200,
        }).Build();

        // Connected and metadata known first, so the failure below is the broker outage, not start-up.
        var before = await producer.ProduceAsync("faults.v1", new Message<Null, string> { Value = "before" })
            .WaitAsync(ClientTimeout);
        Assert.Equal(PersistenceStatus.Persisted, before.Status);

        cluster.SetBrokerDown(1);
        var failure = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("faults.v1", new Message<Null, string> { Value = "during" }).WaitAsync(ClientTimeout));
        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);

        cluster.SetBrokerUp(1);
        // During the outage the client forgot the partition leader and only re-queries it on its 1 s topic
        // scan, which can push a produce past the 1.5 s message timeout. Waiting until a metadata request
        // through the producer's own handle sees the leader again makes the next produce deterministic.
        using (var admin = new DependentAdminClientBuilder(producer.Handle).Build())
        {
            var partition = Assert.Single(Assert.Single(admin.GetMetadata("faults.v1", ClientTimeout).Topics).Partitions);
            Assert.Equal(1, partition.Leader);
        }

        var after = await producer.ProduceAsync("faults.v1", new Message<Null, string> { Value = "after" })
            .WaitAsync(ClientTimeout);
        Assert.Equal(PersistenceStatus.Persisted, after.Status);
        Assert.True(after.Offset > before.Offset);
    }

    [Fact]
    public async Task DevKafkaProgram_ServesOtherProcessesAndExitsCleanlyOnSigterm()
    {
        var dll = FindDevKafkaDll();
        var tempDir = Directory.CreateTempSubdirectory("devkafka-test-");
        var bootstrapFile = Path.Combine(tempDir.FullName, "kafka.bootstrap");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--bootstrap-file");
        startInfo.ArgumentList.Add(bootstrapFile);

        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var bootstrapLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                bootstrapLine.TrySetException(new InvalidOperationException("DevKafka closed stdout before printing its bootstrap line."));
                return;
            }

            stdout.Enqueue(e.Data);
            if (e.Data.StartsWith(BootstrapLinePrefix, StringComparison.Ordinal))
            {
                bootstrapLine.TrySetResult(e.Data[BootstrapLinePrefix.Length..]);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stderr.Enqueue(e.Data);
            }
        };

        try
        {
            Assert.True(process.Start());
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // Process start-up under a shared CPU dominates here, hence the long wait.
            var bootstrap = await bootstrapLine.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Matches(new Regex(@"^127\.0\.0\.1:\d+$"), bootstrap);
            Assert.Equal(bootstrap, File.ReadAllText(bootstrapFile));

            using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = bootstrap,
                Acks = Acks.All,
                EnableIdempotence = true,
            }).Build())
            {
                var delivery = await producer.ProduceAsync(Topics.Tweets, new Message<string, string> { Key = "k", Value = "across processes" })
                    .WaitAsync(ClientTimeout);
                Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
            }

            using (var consumer = NewConsumer(bootstrap))
            {
                consumer.Subscribe(Topics.Tweets);
                var message = Assert.Single(ConsumeUntil(consumer, 1, ClientTimeout)).Message;
                Assert.Equal(("k", "across processes"), (message.Key, message.Value));
                consumer.Close();
            }

            using (var kill = Process.Start("/bin/kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(0, kill.ExitCode);
            }

            var exited = process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await exited.ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.True(exited.IsCompletedSuccessfully, "DevKafka did not exit within 10 s of SIGTERM.\n" + Describe(stdout, stderr));
            Assert.True(process.ExitCode == 0, $"DevKafka exit code {process.ExitCode}.\n" + Describe(stdout, stderr));
            Assert.False(File.Exists(bootstrapFile), "DevKafka left its bootstrap file behind.");
            Assert.Single(stdout, line => line.StartsWith(BootstrapLinePrefix, StringComparison.Ordinal));
            Assert.Contains(stdout, line => line.Contains("data is lost on exit", StringComparison.Ordinal));
            Assert.All(Topics.All, spec => Assert.Contains(stdout, line => line.Contains(spec.Name, StringComparison.Ordinal)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            tempDir.Delete(recursive: true);
        }
    }

    private static IConsumer<string, string> NewConsumer(string bootstrapServers) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"mock-cluster-tests-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // The mock makes a re-join wait session timeout - 1 s; keep that short.
            SessionTimeoutMs = 6000,
            // The mock holds every fetch for the full wait; a short one keeps the test quick.
            FetchWaitMaxMs = 50,
        }).Build();

    /// <summary>Polls until <paramref name="count"/> messages arrived or the deadline passes.</summary>
    private static List<ConsumeResult<string, string>> ConsumeUntil(
        IConsumer<string, string> consumer, int count, TimeSpan timeout)
    {
        var received = new List<ConsumeResult<string, string>>();
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < timeout)
        {
            try
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is not null)
                {
                    received.Add(result);
                }
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // e.g. a transient "unknown topic or partition" while metadata settles: keep polling.
            }
        }

        Assert.True(received.Count == count, $"Received {received.Count} of {count} messages within {timeout}.");
        return received;
    }

    private static string FindDevKafkaDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        // Same configuration/RID folder ("debug", "release", ...) as this test assembly.
        var pivot = dir.Name;
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Directory.Build.props")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, $"No Directory.Build.props above {AppContext.BaseDirectory}.");
        var candidates = new[] { pivot, "debug" }
            .Select(p => Path.Combine(root.FullName, "artifacts", "bin", "TweetPlatform.DevKafka", p, "TweetPlatform.DevKafka.dll"))
            .ToArray();
        var dll = candidates.FirstOrDefault(File.Exists);
        Assert.True(dll is not null, "TweetPlatform.DevKafka.dll not built; looked at " + string.Join(", ", candidates));
        return dll;
    }

    private static string Describe(IEnumerable<string> stdout, IEnumerable<string> stderr) =>
        "stdout:\n" + string.Join('\n', stdout) + "\nstderr:\n" + string.Join('\n', stderr);
}
