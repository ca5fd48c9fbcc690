namespace HlsEncoder.TestAssets;

/// <summary>ggml element types, numbered as in the model file.</summary>
public enum GgmlType
{
    F32 = 0,
    F16 = 1,
}

/// <summary>One tensor of a model file: its name, element type and dimensions, innermost (ggml ne[0]) first.</summary>
public sealed record GgmlTensor(string Name, GgmlType Type, IReadOnlyList<int> Dimensions)
{
    public long ElementCount => Dimensions.Aggregate(1L, (count, dimension) => count * dimension);

    public static GgmlTensor F32(string name, params int[] dimensions) => new(name, GgmlType.F32, dimensions);

    public static GgmlTensor F16(string name, params int[] dimensions) => new(name, GgmlType.F16, dimensions);
}
