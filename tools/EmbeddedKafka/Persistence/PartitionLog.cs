namespace TweetPlatform.EmbeddedKafka.Persistence;

/// <summary>
/// One partition's records in a file, appended in offset order. Written through a buffer that is handed
/// to the OS on <see cref="Flush"/>: a killed broker loses only what was not flushed yet.
/// </summary>
public sealed class PartitionLog : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;

    private PartitionLog(FileStream file)
    {
        _file = file;
        _writer = new BinaryWriter(new BufferedStream(file, 64 * 1024));
    }

    public bool Dirty { get; private set; }

    /// <summary>Opens for appending after the whole records (a record cut short at the end is cut off).</summary>
    public static PartitionLog OpenForAppend(string path, long validLength)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        file.SetLength(Math.Min(file.Length, validLength));
        file.Seek(0, SeekOrigin.End);
        return new PartitionLog(file);
    }

    /// <summary>
    /// Reads the records in order and hands each to <paramref name="each"/> while it returns true; returns the
    /// length in bytes of what was read (the part to keep).
    /// </summary>
    public static long Read(string path, Func<JournalRecord, bool> each)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 256 * 1024));
        long valid = 0;
        while (JournalRecord.ReadFrom(reader) is { } record && each(record))
        {
            valid = reader.BaseStream.Position;
        }
        return valid;
    }

    public void Append(JournalRecord record)
    {
        record.WriteTo(_writer);
        Dirty = true;
    }

    public void Flush()
    {
        _writer.Flush();
        Dirty = false;
    }

    public void Dispose()
    {
        _writer.Flush();
        _writer.Dispose();
    }
}
