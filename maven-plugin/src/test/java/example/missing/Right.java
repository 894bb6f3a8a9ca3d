package example.missing;

public class Right extends Base {
}
