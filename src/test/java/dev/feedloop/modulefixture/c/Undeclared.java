package dev.feedloop.modulefixture.c;

public class Undeclared {

    public String name() {
        return "c";
    }
}
