using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;

namespace TweetPlatform.EmbeddedKafka.Persistence;

/// <summary>
/// Where the embedded broker keeps its data between runs: <c>topics.json</c> (name → partitions),
/// <c>records/&lt;topic&gt;/&lt;partition&gt;.log</c> (<see cref="PartitionLog"/>) and <c>groups.json</c>
/// (committed offsets per group). Held with a lock file: two brokers on one directory would corrupt it.
/// </summary>
public sealed class KafkaDataDirectory : IDisposable
{
    private readonly FileStream _lock;

    private KafkaDataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    /// <exception cref="IOException">Another broker holds the directory.</exception>
    public static KafkaDataDirectory Open(string path, bool startEmpty)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(path);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(System.IO.Path.Combine(path, "broker.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The Kafka data directory {path} is in use by another embedded broker.", ex);
        }
        var directory = new KafkaDataDirectory(path, lockFile);
        if (startEmpty)
        {
            directory.Clear();
        }
        return directory;
    }

    public string RecordsPath(TopicPartition partition) =>
        System.IO.Path.Combine(Path, "records", partition.Topic, $"{partition.Partition.Value}.log");

    public Dictionary<string, int> ReadTopics() =>
        Read(TopicsFile, DataDirectoryJsonContext.Default.DictionaryStringInt32) ?? [];

    public void WriteTopics(IReadOnlyDictionary<string, int> topics) =>
        Write(TopicsFile, topics.ToDictionary(), DataDirectoryJsonContext.Default.DictionaryStringInt32);

    /// <summary>group → "topic/partition" → committed offset.</summary>
    public Dictionary<string, Dictionary<string, long>> ReadGroupOffsets() =>
        Read(GroupsFile, DataDirectoryJsonContext.Default.DictionaryStringDictionaryStringInt64) ?? [];

    public void WriteGroupOffsets(Dictionary<string, Dictionary<string, long>> offsets) =>
        Write(GroupsFile, offsets, DataDirectoryJsonContext.Default.DictionaryStringDictionaryStringInt64);

    public static string PartitionName(TopicPartition partition) => $"{partition.Topic}/{partition.Partition.Value}";

    public static TopicPartition ParsePartitionName(string name)
    {
        var slash = name.LastIndexOf('/');
        return new TopicPartition(name[..slash], int.Parse(name[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private string TopicsFile => System.IO.Path.Combine(Path, "topics.json");

    private string GroupsFile => System.IO.Path.Combine(Path, "groups.json");

    private void Clear()
    {
        var records = System.IO.Path.Combine(Path, "records");
        if (Directory.Exists(records))
        {
            Directory.Delete(records, recursive: true);
        }
        File.Delete(TopicsFile);
        File.Delete(GroupsFile);
    }

    private static T? Read<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllBytes(file), type) : default;

    /// <summary>Temp file and rename: a kill leaves the old file or the new one, never half of one.</summary>
    private static void Write<T>(string file, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var temp = file + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(value, type));
        File.Move(temp, file, overwrite: true);
    }

    public void Dispose() => _lock.Dispose();
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, long>>))]
internal sealed partial class DataDirectoryJsonContext : JsonSerializerContext;
