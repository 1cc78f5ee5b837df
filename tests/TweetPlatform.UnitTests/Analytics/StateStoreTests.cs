using TweetPlatform.Analytics.Operators;

namespace TweetPlatform.UnitTests.Analytics;

/// <summary>The state store: change tracking for the changelog, and restoring from it.</summary>
public sealed class StateStoreTests
{
    [Fact]
    public void TakeChanges_gives_the_latest_value_of_each_changed_key_in_key_order_once()
    {
        var store = new StateStore<string, int>("s");
        store.Put("b", 1);
        store.Put("a", 1);
        store.Put("b", 2);

        Assert.Equal([StoreChange<string, int>.Upsert("a", 1), StoreChange<string, int>.Upsert("b", 2)], store.TakeChanges());
        Assert.False(store.HasChanges);
        Assert.Empty(store.TakeChanges());

        store.Put("a", 3);
        Assert.Equal([StoreChange<string, int>.Upsert("a", 3)], store.TakeChanges());
    }

    [Fact]
    public void A_deleted_key_comes_out_as_a_deletion_marker()
    {
        var store = new StateStore<string, int>("s");
        store.Put("kept", 1);
        store.Put("gone", 1);
        store.TakeChanges();

        Assert.True(store.Delete("gone"));
        Assert.False(store.Delete("never-there"));
        store.Put("brief", 5);
        store.Delete("brief");

        var changes = store.TakeChanges();
        Assert.Equal([StoreChange<string, int>.Deletion("brief"), StoreChange<string, int>.Deletion("gone")], changes);
        Assert.All(changes, c => Assert.True(c.IsDeletion));
        Assert.Equal([new KeyValuePair<string, int>("kept", 1)], store.Entries);
    }

    [Fact]
    public void Get_TryGet_and_Entries_read_the_current_values()
    {
        var store = new StateStore<string, long>("s");
        store.Put("x", 4);

        Assert.Equal(4, store.Get("x"));
        Assert.Equal(0, store.Get("missing"));
        Assert.True(store.TryGet("x", out var x));
        Assert.Equal(4, x);
        Assert.False(store.TryGet("missing", out _));
        Assert.True(store.ContainsKey("x"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Restore_writes_without_marking_the_key_changed_but_moves_the_version()
    {
        var store = new StateStore<string, int>("s");
        var version = store.Version;

        store.Restore(StoreChange<string, int>.Upsert("a", 1));
        store.Restore(StoreChange<string, int>.Upsert("b", 2));
        store.Restore(StoreChange<string, int>.Deletion("b"));

        Assert.False(store.HasChanges);
        Assert.Empty(store.TakeChanges());
        Assert.Equal(1, store.Get("a"));
        Assert.False(store.ContainsKey("b"));
        Assert.True(store.Version > version);
    }

    [Fact]
    public void A_store_rebuilt_from_its_TakeChanges_output_equals_the_original()
    {
        var random = new Random(3);
        var original = new StateStore<string, int>("original");
        var rebuilt = new StateStore<string, int>("rebuilt");
        for (var step = 0; step < 5000; step++)
        {
            var key = $"k{random.Next(200)}";
            if (random.Next(4) == 0)
            {
                original.Delete(key);
            }
            else
            {
                original.Put(key, random.Next(1000));
            }
            if (random.Next(50) == 0)
            {
                Changelog.Ship(original, rebuilt);
            }
        }
        Changelog.Ship(original, rebuilt);

        Assert.Equal(original.Entries, rebuilt.Entries);
        Assert.False(rebuilt.HasChanges);
    }

    [Fact]
    public void String_keys_are_in_ordinal_order_the_same_on_every_machine()
    {
        var store = new StateStore<string, int>("s");
        foreach (var key in new[] { "b", "B", "a", "A", "_", "1" })
        {
            store.Put(key, 0);
        }

        Assert.Equal(["1", "A", "B", "_", "a", "b"], store.Entries.Select(e => e.Key));
        Assert.Equal(["1", "A", "B", "_", "a", "b"], store.TakeChanges().Select(c => c.Key));
    }

    [Fact]
    public void A_key_type_with_no_order_needs_an_explicit_one()
    {
        Assert.Throws<ArgumentException>(() => new StateStore<object, int>("s"));

        var store = new StateStore<object, int>("s", Comparer<object>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())));
        store.Put(2, 0);
        store.Put(1, 0);
        Assert.Equal([1, 2], store.Entries.Select(e => e.Key));
    }
}
