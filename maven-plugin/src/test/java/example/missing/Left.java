package example.missing;

public class Left extends Base {
}
