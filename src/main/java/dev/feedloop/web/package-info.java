/**
 * The page shell: layout, home page, language resolution, error pages and the problem-details
 * answers shared by every REST controller. May use any other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package dev.feedloop.web;
