package dev.feedloop.modulefixture.b;

public class Declared {

    public String name() {
        return "b";
    }
}
