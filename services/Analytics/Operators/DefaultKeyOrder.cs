namespace TweetPlatform.Analytics.Operators;

/// <summary>
/// The order stores and rankings use when none is given: ordinal for strings (the same on every
/// machine, whatever its culture), the type's own <see cref="IComparable{T}"/> otherwise.
/// </summary>
internal static class DefaultKeyOrder
{
    public static IComparer<T> For<T>()
    {
        if (typeof(T) == typeof(string))
        {
            return (IComparer<T>)(object)StringComparer.Ordinal;
        }
        if (!typeof(IComparable<T>).IsAssignableFrom(typeof(T)) && !typeof(IComparable).IsAssignableFrom(typeof(T)))
        {
            // Fail at construction rather than at the first comparison deep inside processing.
            throw new ArgumentException($"{typeof(T).Name} is not comparable: pass an explicit order.");
        }
        return Comparer<T>.Default;
    }
}
