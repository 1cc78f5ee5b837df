using System.Text;
using TweetPlatform.EventBus;
using TweetPlatform.Kafka;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>Kafka's default partitioner: murmur2 must match the Java client's bit for bit.</summary>
public sealed class KeyPartitionerTests
{
    [Theory]
    // The test vectors of Apache Kafka's own UtilsTest.testMurmur2.
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_java_client(string key, int expected)
    {
        Assert.Equal(expected, unchecked((int)KeyPartitioner.Murmur2(Encoding.UTF8.GetBytes(key))));
    }

    [Fact]
    public void Partition_is_the_positive_hash_modulo_the_partition_count()
    {
        var hash = KeyPartitioner.Murmur2(Encoding.UTF8.GetBytes("21"));

        Assert.Equal((int)((hash & 0x7fffffff) % 16), KeyPartitioner.PartitionFor("21", 16));
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.InRange(KeyPartitioner.PartitionFor($"k{i}", 7), 0, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPartitioner.PartitionFor("k", 0));
    }
}
